/**
 * Every test file runs with a data key, as the real process does (main.ts installs one at start):
 * customers' contact details are sealed whenever a test files a complaint with them.
 * A fresh random key per file: nothing may depend on a particular key.
 */
import { generateKey, Keyring, useKeyring } from '../../src/crypto/keyring';

useKeyring(new Keyring(generateKey('test')));
