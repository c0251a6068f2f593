/**
 * Serves one file over HTTP on 127.0.0.1 from its own process, so the
 * download benchmark's client does not share its thread with the server
 * (as it would not with a real one). Prints the URL, exits with its parent.
 */
import { startRangeFileServer } from '../../tests/helpers/range-file-server.ts';

const [file, name] = process.argv.slice(2);
if (!file || !name) throw new Error('usage: serve-file.ts FILE NAME');
const server = await startRangeFileServer(file, name);
console.log(server.url);
process.stdin.resume();
process.stdin.on('end', () => void server.close().then(() => process.exit(0)));
