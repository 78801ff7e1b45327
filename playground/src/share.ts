/**
 * Sharing without a server: the whole playground state in the URL fragment, which browsers
 * never send to a host. `#cue=<base64url of UTF-8>` holds one CUE file; `#txtar=<base64url of
 * a txtar archive>` holds several files, or Render mode (its comment says `mode: render`).
 */
import { type ArchiveFile, formatTxtar, parseTxtar } from './txtar.js';

export type Mode = 'cue' | 'render';

export interface SharedState {
  readonly mode: Mode;
  readonly files: readonly ArchiveFile[];
}

/** Base64url (RFC 4648 section 5, no padding) of the UTF-8 bytes of `text`. */
export function encodeBase64url(text: string): string {
  const bytes = new TextEncoder().encode(text);
  let bin = '';
  // Chunks keep String.fromCharCode's argument list small for big sources.
  for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** The text encoded by encodeBase64url (padding and standard base64 accepted too); throws on bad input. */
export function decodeBase64url(data: string): string {
  const b64 = data.replace(/-/g, '+').replace(/_/g, '/').replace(/\s+/g, '');
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(b64) || b64.replace(/=+$/, '').length % 4 === 1) throw new Error('the shared text is not base64url');
  const bin = atob(b64.replace(/=+$/, '') + '='.repeat((4 - (b64.replace(/=+$/, '').length % 4)) % 4));
  const bytes = Uint8Array.from(bin, (c) => c.charCodeAt(0));
  return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
}

/** The fragment for a state: `cue=` for one CUE file named main.cue, else `txtar=`. */
export function formatFragment(state: SharedState): string {
  const only = state.files[0];
  if (state.mode === 'cue' && state.files.length === 1 && only && only.name === 'main.cue') return 'cue=' + encodeBase64url(only.text);
  const comment = state.mode === 'render' ? 'mode: render\n' : '';
  return 'txtar=' + encodeBase64url(formatTxtar({ comment, files: state.files }));
}

/**
 * The state a fragment holds (with or without its `#`), null when it holds none, or an Error
 * saying why it cannot be read.
 */
export function parseFragment(fragment: string): SharedState | null | Error {
  const f = fragment.replace(/^#/, '');
  const eq = f.indexOf('=');
  if (eq < 0) return null;
  const key = f.slice(0, eq);
  const data = f.slice(eq + 1);
  if (key !== 'cue' && key !== 'txtar') return null;
  let text: string;
  try {
    text = decodeBase64url(decodeURIComponent(data));
  } catch (e) {
    return new Error(`cannot read the shared ${key}: ${e instanceof Error ? e.message : String(e)}`);
  }
  if (key === 'cue') return { mode: 'cue', files: [{ name: 'main.cue', text }] };
  const archive = parseTxtar(text);
  const mode: Mode = /^mode:\s*render\s*$/m.test(archive.comment) ? 'render' : 'cue';
  if (archive.files.length === 0) return new Error('the shared txtar archive holds no file');
  return { mode, files: archive.files };
}
