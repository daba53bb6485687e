/**
 * The one font every chart is drawn with: Noto Sans S Chinese (OFL-1.1) from the
 * @embedpdf/fonts-sc npm package. It has Latin as well as CJK glyphs, so charts look the same
 * on every host and never depend on system fonts; without a CJK font resvg leaves Chinese
 * labels blank.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

export const CHART_FONT_FAMILY = 'Noto Sans S Chinese';

// The package exports only its index; the .otf files sit in fonts/ beside dist/.
export const CHART_FONT_FILE = join(
  dirname(createRequire(import.meta.url).resolve('@embedpdf/fonts-sc')),
  '..',
  'fonts',
  'NotoSansHans-Regular.otf',
);
