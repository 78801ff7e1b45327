/**
 * The promise forms of the node:fs functions the commands use, made from node:fs's callback
 * functions. Importing node:fs/promises loads a dozen more of Node's own modules (directory
 * handles, file watchers, readline) at every start-up, about 3 ms of a command that has a
 * 25 ms budget, for nothing the CLI calls. Same functions, same results and error codes;
 * `realpath` is the native one, as node:fs/promises' is.
 */
import * as fs from 'node:fs';
import { promisify } from 'node:util';

export const access = promisify(fs.access);
export const chmod = promisify(fs.chmod);
export const link = promisify(fs.link);
export const lstat = promisify(fs.lstat);
export const mkdir = promisify(fs.mkdir);
export const readdir = promisify(fs.readdir);
export const readFile = promisify(fs.readFile);
export const realpath = promisify(fs.realpath.native);
export const rename = promisify(fs.rename);
export const stat = promisify(fs.stat);
export const unlink = promisify(fs.unlink);
export const writeFile = promisify(fs.writeFile);
