// Types of txtar.mjs.
export interface Archive {
  comment: string;
  files: { name: string; data: string }[];
}
export function parseTxtar(text: string): Archive;
export function formatTxtar(a: Archive): string;
export function getFile(a: Archive, name: string): string | undefined;
export function setFile(a: Archive, name: string, data: string | undefined): void;
