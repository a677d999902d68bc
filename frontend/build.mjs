#!/usr/bin/env node
/**
 * Bouwt platform/regiotoezicht/static/css/regiotoezicht.css uit:
 *   1. het NL Design System "Voorbeeld"-thema (design tokens, EUPL-1.2), waarbij de
 *      selector `.voorbeeld-theme` wordt hernoemd naar `.utrecht-theme` en alleen de
 *      tokens overblijven die de Utrecht-componenten (en onze eigen CSS) gebruiken;
 *   2. de Utrecht component library CSS (EUPL-1.2);
 *   3. onze eigen layout-CSS (src/regiotoezicht.css).
 *
 * Geen bundler, geen dependencies: alleen Node (>= 18) en de pakketten uit package.json.
 * Gebruik: cd frontend && npm ci && npm run build
 */
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);

const THEME_PKG = '@nl-design-system-unstable/voorbeeld-design-tokens';
const COMPONENTS_PKG = '@utrecht/component-library-css';
const THEME_SELECTOR_IN = '.voorbeeld-theme';
const THEME_SELECTOR_OUT = '.utrecht-theme';
const OUT = join(here, '..', 'platform', 'regiotoezicht', 'static', 'css', 'regiotoezicht.css');

const pkgDir = (name) => dirname(require.resolve(`${name}/package.json`));
const pkgVersion = (name) => JSON.parse(readFileSync(join(pkgDir(name), 'package.json'), 'utf8')).version;
const read = (p) => readFileSync(p, 'utf8');

/** Verwijdert commentaar; verzamelt unieke licentie-/copyrightregels zodat die bovenaan behouden blijven. */
function stripComments(css, notices) {
  return css.replace(/\/\*[\s\S]*?\*\//g, (comment) => {
    for (const line of comment.split('\n')) {
      const m = line.match(/(@license\s+\S+|Copyright \(c\).*)$/);
      if (m) notices.add(m[1].trim());
    }
    return '';
  });
}

/** Eenvoudige, veilige verkleining: lege regels en inspringing weg. Laat selectors/waarden intact. */
function squeeze(css) {
  return css
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l.length > 0)
    .join('\n');
}

const varRefs = (text) => new Set([...text.matchAll(/var\(\s*(--[A-Za-z0-9_-]+)/g)].map((m) => m[1]));

// ---------------------------------------------------------------------------
const notices = new Set();

const componentsCss = squeeze(stripComments(read(join(pkgDir(COMPONENTS_PKG), 'dist', 'index.css')), notices));
const ownCss = read(join(here, 'src', 'regiotoezicht.css'));

// Thema: één regelset `.voorbeeld-theme { --x: y; ... }` met custom properties.
const themeRaw = stripComments(read(join(pkgDir(THEME_PKG), 'dist', 'theme.css')), new Set());
const body = themeRaw.slice(themeRaw.indexOf('{') + 1, themeRaw.lastIndexOf('}'));
if (!themeRaw.includes(THEME_SELECTOR_IN) || (themeRaw.match(/\{/g) || []).length !== 1) {
  throw new Error(`Onverwachte opbouw van ${THEME_PKG}/dist/theme.css; controleer build.mjs`);
}
const decls = new Map();
for (const raw of body.split(/;\s*\n/)) {
  const d = raw.trim().replace(/;$/, '');
  const i = d.indexOf(':');
  if (!d.startsWith('--') || i < 0) continue;
  decls.set(d.slice(0, i).trim(), d.slice(i + 1).trim());
}

// Houd alle tokens voor de Utrecht-componenten (en de basis-/merklaag eronder),
// plus alles wat daar transitief naar verwijst. Tokens voor andere bibliotheken
// (Den Haag, Amsterdam, RHC, LUX, ...) laten we weg: die klassen gebruiken we niet.
const KEEP = /^--(utrecht|basis|voorbeeld|nl)-/;
const wanted = new Set([...decls.keys()].filter((k) => KEEP.test(k)));
for (const ref of [...varRefs(componentsCss), ...varRefs(ownCss)]) if (decls.has(ref)) wanted.add(ref);
const queue = [...wanted];
while (queue.length) {
  const name = queue.pop();
  for (const ref of varRefs(decls.get(name) ?? '')) {
    if (decls.has(ref) && !wanted.has(ref)) {
      wanted.add(ref);
      queue.push(ref);
    }
  }
}
const themeCss =
  `${THEME_SELECTOR_OUT} {\n` +
  [...decls]
    .filter(([k]) => wanted.has(k))
    .map(([k, v]) => `${k}: ${v};`)
    .join('\n') +
  '\n}';

const versions = {
  [COMPONENTS_PKG]: pkgVersion(COMPONENTS_PKG),
  [THEME_PKG]: pkgVersion(THEME_PKG),
};

const header = `/*!
 * Regiotoezicht — gegenereerd door frontend/build.mjs. NIET HANDMATIG BEWERKEN.
 * Herbouwen: cd frontend && npm ci && npm run build
 *
 * Bevat:
 *   ${COMPONENTS_PKG}@${versions[COMPONENTS_PKG]} (EUPL-1.2)
 *   ${THEME_PKG}@${versions[THEME_PKG]} (EUPL-1.2), selector ${THEME_SELECTOR_IN} -> ${THEME_SELECTOR_OUT}
 *   frontend/src/regiotoezicht.css (EUPL-1.2)
 *
 * Licentie- en copyrightvermeldingen uit de bronbestanden:
${[...notices].sort().map((n) => ` *   ${n}`).join('\n')}
 *   Copyright (c) 2021 NL Design System Community (Voorbeeld-thema)
 *
 * Licensed under the EUPL-1.2: https://joinup.ec.europa.eu/collection/eupl/eupl-text-eupl-12
 */
`;

const out = [
  header,
  `/* ---- Thema: ${THEME_PKG}@${versions[THEME_PKG]} ---- */`,
  themeCss,
  `/* ---- Componenten: ${COMPONENTS_PKG}@${versions[COMPONENTS_PKG]} ---- */`,
  componentsCss,
  '/* ---- Regiotoezicht: frontend/src/regiotoezicht.css ---- */',
  ownCss.trim(),
  '',
].join('\n');

mkdirSync(dirname(OUT), { recursive: true });
writeFileSync(OUT, out);
console.log(
  `Geschreven: ${OUT} (${(Buffer.byteLength(out) / 1024).toFixed(1)} KiB; ` +
    `${wanted.size}/${decls.size} thema-tokens; ${COMPONENTS_PKG}@${versions[COMPONENTS_PKG]}, ${THEME_PKG}@${versions[THEME_PKG]})`,
);
