/** Pieces every section of pledge.config.yml's schema is built from. */
import { z } from 'zod';

/** Rejects unknown fields, because a misspelt optional field would otherwise be silently ignored. */
export const strict = <S extends z.core.$ZodLooseShape>(shape: S) =>
  z.strictObject(shape, {
    error: (iss) =>
      iss.code === 'unrecognized_keys'
        ? `unknown field${iss.keys.length === 1 ? '' : 's'} ${iss.keys.map((k) => `"${k}"`).join(', ')} (known fields: ${Object.keys(shape).join(', ')})`
        : undefined,
  });

/** `away:` with nothing after it parses as null; treat it as left out. */
export const blankIsUnset = <T extends z.ZodType>(schema: T) => z.preprocess((v) => (v === null ? undefined : v), schema);
