/** Our digests (written for the browser) against Node's crypto module, over lengths around the block boundaries. */
import { createHash, createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { hashes, hmac, type HashName } from '../src/stdlib/internal/hashes.js';

const nodeNames: Record<HashName, string> = {
  MD5: 'md5', SHA1: 'sha1', SHA224: 'sha224', SHA256: 'sha256', SHA384: 'sha384', SHA512: 'sha512', SHA512_224: 'sha512-224', SHA512_256: 'sha512-256',
};
const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');

describe('hashes', () => {
  for (const name of Object.keys(nodeNames) as HashName[]) {
    it(`${name} and HMAC-${name} agree with node:crypto`, () => {
      for (const len of [0, 1, 3, 55, 56, 63, 64, 65, 111, 112, 127, 128, 129, 300]) {
        const m = Uint8Array.from({ length: len }, (_, i) => (i * 7 + 3) & 255);
        expect(hex(hashes[name].sum(m)), `${name} ${len}`).toBe(createHash(nodeNames[name]).update(m).digest('hex'));
        const key = m.slice(0, (len * 3) % 200);
        expect(hex(hmac(name, key, m)), `hmac ${name} ${len}`).toBe(createHmac(nodeNames[name], key).update(m).digest('hex'));
      }
    });
  }
});
