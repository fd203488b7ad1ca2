import http from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * Another site's page for attack tests: real HTTP on localhost at another port, so it is
 * the same *site* as the app (the SameSite=Lax session cookie goes along) but another origin.
 */
export async function startForeignSite(html: string) {
  /** Cookies that came with requests to /echo. */
  const echoed: string[] = [];
  const server = http.createServer((req, res) => {
    if (req.url === '/echo') echoed.push(req.headers.cookie ?? '');
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(html);
  });
  await new Promise<void>((resolve) => server.listen(0, 'localhost', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://localhost:${port}/`, origin: `http://localhost:${port}`, echoed, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}
