import { z } from 'zod';
import { affixParam, booleanParam, integerParam, sourceIdParam } from '../params';
import { DEFAULT_WEDGE_OPTIONS } from './detector';

/**
 * `wedge[?maxInterKeyMs=35&minLength=6&terminators=Enter,Tab&endOnIdle=0&prefix=&suffix=&requirePrefix=0&ignoreTextFields=0&aim=0]`.
 * `maxInterKeyMs` stays below 50 so that no key gap a person makes (50 ms and more) can join a scan.
 */
export const wedgeOptionsSchema = z
  .object({
    id: sourceIdParam.optional(),
    maxInterKeyMs: integerParam(1, 49).default(DEFAULT_WEDGE_OPTIONS.maxInterKeyMs),
    minLength: integerParam(1, 256).default(DEFAULT_WEDGE_OPTIONS.minLength),
    terminators: z
      .string()
      .transform((value) => (value === '' || value.toLowerCase() === 'none' ? [] : value.split(',').map((k) => k.trim())))
      .pipe(z.array(z.string().regex(/^[A-Za-z][A-Za-z0-9]*$/, 'terminators are key names such as Enter,Tab')))
      .optional(),
    endOnIdle: booleanParam.default(false),
    prefix: affixParam.default(''),
    suffix: affixParam.default(''),
    requirePrefix: booleanParam.default(false),
    ignoreTextFields: booleanParam.default(false),
    aim: booleanParam.default(false),
    maxLength: integerParam(16, 4096).default(DEFAULT_WEDGE_OPTIONS.maxLength),
  })
  .strict()
  .transform(({ terminators, ...rest }) => ({ ...rest, terminatorKeys: terminators ?? [...DEFAULT_WEDGE_OPTIONS.terminatorKeys] }))
  .refine((o) => o.terminatorKeys.length > 0 || o.endOnIdle, { message: 'with no terminators, set endOnIdle=1 or no scan can ever end' })
  .refine((o) => !o.requirePrefix || o.prefix !== '', { message: 'requirePrefix needs a prefix' });

export type WedgeDriverOptions = z.output<typeof wedgeOptionsSchema>;
