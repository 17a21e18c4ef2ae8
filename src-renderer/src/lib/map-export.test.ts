import { describe, expect, test } from 'vitest';
import { csvField, emptyRun, escapeXml, hex, mapCsv, mapSvg, packRgb, type MapPicture } from './map-export.ts';

/** a small RFC 4180 reader, to check what the writer wrote reads back */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(field);
      field = '';
    } else if (ch === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i++;
    } else field += ch;
  }
  return rows;
}

describe('mapCsv', () => {
  test('a row per word with its coordinates, labelled and selected flags', () => {
    const csv = mapCsv(['king', 'queen', 'man'], new Float32Array([0.1, 2, 3, -1.5, 0, 1e-7, 4, 5, 6]), 3, [1, 2], 2);
    expect(csv).toBe('word,x,y,z,labelled,selected\r\nking,0.1,2,3,0,0\r\nqueen,-1.5,0,1e-7,1,0\r\nman,4,5,6,1,1\r\n');
  });

  test('2D maps have no z; out-of-range label indices are ignored', () => {
    const csv = mapCsv(['a', 'b'], new Float32Array([1, 2, 3, 4]), 2, [5, -1, 0], -1);
    expect(parseCsv(csv)).toEqual([
      ['word', 'x', 'y', 'labelled', 'selected'],
      ['a', '1', '2', '1', '0'],
      ['b', '3', '4', '0', '0'],
    ]);
  });

  test('words with commas, quotes, line breaks and edge spaces are quoted and read back as they were', () => {
    const words = ['a,b', 'say "hi"', 'two\nlines', ' pad', 'plain', '"'];
    const csv = mapCsv(words, new Float32Array(words.length * 2), 2, [], 0);
    expect(csv).toContain('\r\n"a,b",0,0,0,1\r\n');
    expect(csv).toContain('\r\n"say ""hi""",0,0,0,0\r\n');
    expect(csv).toContain('\r\n"""",0,0,0,0\r\n');
    const rows = parseCsv(csv);
    expect(rows).toHaveLength(words.length + 1);
    expect(rows.slice(1).map((r) => r[0])).toEqual(words);
    expect(csvField('plain')).toBe('plain');
  });

  test('coordinates that do not fit the words are refused', () => {
    expect(() => mapCsv(['a', 'b'], new Float32Array(5), 3, [], -1)).toThrow(/5 coordinates for 2 words in 3 dims/);
  });
});

describe('mapSvg', () => {
  function picture(): MapPicture {
    const points = emptyRun(3);
    const put = (i: number, x: number, y: number, r: number, rgb: number) => {
      points.x[i] = x;
      points.y[i] = y;
      points.r[i] = r;
      points.rgb[i] = rgb;
    };
    put(0, 10, 20, 2, 0x112233);
    put(1, 30.04, 40, 2, 0x112233);
    put(2, 50, 60, 3.25, 0xabcdef);
    points.count = 3;
    const highlights = emptyRun(1);
    highlights.x[0] = 50;
    highlights.y[0] = 60;
    highlights.r[0] = 10;
    highlights.rgb[0] = 0xe8590c;
    highlights.count = 1;
    return {
      width: 200,
      height: 100,
      background: '#fcfcfa',
      text: '#1b1c1f',
      points,
      highlights,
      labels: [{ x: 50, y: 60, text: 'AT&T <x>', color: '#e8590c', bold: true }],
      arrows: [{ x1: 10, y1: 20, x2: 50, y2: 60 }],
      arrowColor: '#5f3dc4',
    };
  }

  test('a circle per point in drawing order, one group per run of a colour, highlights ringed, labels escaped', () => {
    const svg = mapSvg(picture());
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg" width="200" height="100"')).toBe(true);
    expect(svg.match(/<circle /g)).toHaveLength(4);
    expect(svg.match(/<g fill="#112233">/g)).toHaveLength(1);
    expect(svg).toContain('<circle cx="30" cy="40" r="2"/>');
    expect(svg).toContain('<circle cx="50" cy="60" r="3.3"/>');
    // the ring: stroke in the background colour over the outer 36% of the radius
    expect(svg).toContain('<g fill="#e8590c" stroke="#fcfcfa">\n<circle cx="50" cy="60" r="8.2" stroke-width="3.6"/>');
    expect(svg).toContain('>AT&amp;T &lt;x&gt;</text>');
    expect(svg).toContain('<line x1="10" y1="20" x2="50" y2="60"/>');
    expect(svg.indexOf('#abcdef')).toBeLessThan(svg.indexOf('#e8590c'));
    expect(svg.endsWith('</svg>')).toBe(true);
  });

  test('an empty picture is still a valid document', () => {
    const p = picture();
    p.points.count = 0;
    p.highlights.count = 0;
    p.labels = [];
    p.arrows = [];
    const svg = mapSvg(p);
    expect(svg).not.toContain('<circle');
    expect(svg).not.toContain('<marker');
    expect(svg).toContain('<rect width="100%" height="100%" fill="#fcfcfa"/>');
  });

  test('colour helpers', () => {
    expect(hex(0x0000ff)).toBe('#0000ff');
    expect(packRgb(1, 0.5, 0)).toBe(0xff8000);
    expect(packRgb(2, -1, 0.2)).toBe(0xff0033);
    expect(escapeXml(`'"`)).toBe('&apos;&quot;');
  });
});
