/** Entry point of `npm run notify`; see local/notify/run-notify-cli.ts for the options. */
import { runNotifyCli } from './notify/run-notify-cli';

void runNotifyCli(process.argv.slice(2), {
  stdout: (line) => console.log(line),
  stderr: (line) => console.error(line),
  env: process.env,
}).then((code) => {
  process.exitCode = code;
});
