/**
 * The fake OpenAI-compatible provider the end-to-end server talks to (a second Playwright
 * webServer): real HTTP on 127.0.0.1, answering questions by default; a test makes it fail
 * with PUT /__behaviour.
 */
import { startFakeOpenAI } from '../../support/fake-openai';

const port = Number(process.env.FAKE_PROVIDER_PORT ?? 3109);
const fake = await startFakeOpenAI({ port, control: true });
console.log(`fake provider listening on ${fake.url}`);
const stop = () => void fake.close().then(() => process.exit(0));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
