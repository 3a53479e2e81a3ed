import { it } from 'vitest';
import { normalizeFurigana } from './src/shared/registration/normalize';
it('x', () => { for (const s of ['やまだ たろう', 'ﾔﾏﾀﾞ ﾀﾛｳ', 'ヤマダ　タロウ', 'すずき けーこ', 'yamada', 'カ\u3099ッコウ', 'ゔぁ']) console.log(JSON.stringify(s), JSON.stringify(normalizeFurigana(s))); });
