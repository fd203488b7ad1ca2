// Adds lockfile entries for platform-specific optional packages that this machine's npm
// registry mirror does not serve (404), e.g. @next/swc-darwin-arm64. A lockfile written
// against the full registry has them; without them `npm ci` refuses the lockfile as out of
// sync. They are never installed here: npm skips them by their os/cpu fields.
// Run after any `npm install` that rewrites package-lock.json: node scripts/lockfile-platforms.mjs
import { readFileSync, writeFileSync } from 'node:fs';

const lock = JSON.parse(readFileSync('package-lock.json', 'utf8'));
const packages = lock.packages;

const OS = { darwin: 'darwin', win32: 'win32', linux: 'linux', freebsd: 'freebsd', android: 'android', openharmony: 'openharmony' };
const CPU = [
  [/arm64|aarch64/, 'arm64'],
  [/x64|x86_64/, 'x64'],
  [/ia32/, 'ia32'],
  [/loong64/, 'loong64'],
  [/ppc64/, 'ppc64'],
  [/riscv64/, 'riscv64'],
  [/s390x/, 's390x'],
  [/arm/, 'arm'],
  [/wasm32/, 'wasm32'],
];

function platformOf(name) {
  const base = name.split('/').pop();
  if (base.includes('wasm32')) return { cpu: ['wasm32'] };
  const os = Object.keys(OS).find((key) => base.includes(key));
  const cpu = CPU.find(([pattern]) => pattern.test(base))?.[1];
  if (!os || !cpu) return null;
  const platform = { os: [OS[os]], cpu: [cpu] };
  if (os === 'linux') platform.libc = [/musl/.test(base) ? 'musl' : 'glibc'];
  return platform;
}

let added = 0;
for (const [path, entry] of Object.entries(packages)) {
  for (const [name, version] of Object.entries(entry.optionalDependencies ?? {})) {
    const key = `node_modules/${name}`;
    if (packages[key] || packages[`${path}/node_modules/${name}`]) continue;
    const platform = platformOf(name);
    if (!platform) continue;
    packages[key] = { version, ...(entry.dev ? { dev: true } : {}), optional: true, ...platform };
    added++;
  }
}
lock.packages = Object.fromEntries(Object.entries(packages).sort(([a], [b]) => (a === '' ? -1 : b === '' ? 1 : a.localeCompare(b))));
writeFileSync('package-lock.json', `${JSON.stringify(lock, null, 2)}\n`);
console.log(`lockfile-platforms: added ${added} platform entries`);
