/** Entry point of `npm run where-used`; see local/where-used/run-where-used-cli.ts for the options. */
import { runWhereUsedCli } from './where-used/run-where-used-cli';

void runWhereUsedCli(process.argv.slice(2), {
  stdout: (line) => console.log(line),
  stderr: (line) => console.error(line),
  env: process.env,
}).then((code) => {
  process.exitCode = code;
});
