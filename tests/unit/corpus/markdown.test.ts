import { describe, expect, it } from 'vitest';
import { newMarkdownState, stripMarkdown } from '../../../src-main/core/corpus/markdown.ts';
import { tokenizeLine } from '../../../src-main/core/corpus/tokenize.ts';

/** the words left of a Markdown document, line by line */
function words(markdown: string): string[][] {
  const state = newMarkdownState();
  return markdown.split('\n').map((line) => tokenizeLine(stripMarkdown(line, state), { lowercase: false }));
}

const one = (line: string) => stripMarkdown(line, newMarkdownState());

describe('stripMarkdown', () => {
  it('drops heading, list, quote and task markers', () => {
    expect(one('## Getting started ##')).toBe('Getting started');
    expect(one('- item one')).toBe('item one');
    expect(one('  * nested item')).toBe('nested item');
    expect(one('12. twelfth')).toBe('twelfth');
    expect(one('> > quoted twice')).toBe('quoted twice');
    expect(one('- [x] done task')).toBe('done task');
  });

  it('keeps numbers and hashes that are not markers', () => {
    expect(one('1984 was a year')).toBe('1984 was a year');
    expect(one('#hashtag')).toBe('#hashtag');
  });

  it('drops emphasis markers but keeps snake_case', () => {
    expect(one('**bold** and _italic_ and ~~gone~~')).toBe('bold and italic and gone');
    expect(one('call snake_case here')).toBe('call snake_case here');
  });

  it('drops inline code', () => {
    expect(words('run `npm install` then ``a ` b`` done')).toEqual([['run', 'then', 'done']]);
  });

  it('keeps link and image text, drops targets', () => {
    expect(words('see [the docs](https://example.com/docs "Docs") and ![a cat](cat.png)')).toEqual([
      ['see', 'the', 'docs', 'and', 'a', 'cat'],
    ]);
    expect(words('a [reference link][ref] here')).toEqual([['a', 'reference', 'link', 'here']]);
    expect(words('[ref]: https://example.com/page')).toEqual([[]]);
    expect(words('visit https://example.com/x?y=z or www.example.org today')).toEqual([['visit', 'or', 'today']]);
  });

  it('drops HTML tags and autolinks, decodes entities', () => {
    expect(words('<p class="x">Hello <b>there</b></p> <https://example.com>')).toEqual([['Hello', 'there']]);
    expect(words('<!-- a comment --> fish &amp; chips &#233;t&#xE9;')).toEqual([['fish', 'chips', 'été']]);
  });

  it('drops fenced code blocks, whatever they hold', () => {
    const doc = ['Intro text', '```js', 'const x = 1;', '~~~', '```', 'After', '~~~~', 'code', '```', '~~~~', 'End'];
    expect(words(doc.join('\n'))).toEqual([['Intro', 'text'], [], [], [], [], ['After'], [], [], [], [], ['End']]);
  });

  it('closes a fence only with a run at least as long', () => {
    const state = newMarkdownState();
    expect(stripMarkdown('````', state)).toBe('');
    expect(stripMarkdown('```', state)).toBe('');
    expect(state.fence).toBe('````');
    expect(stripMarkdown('`````  ', state)).toBe('');
    expect(state.fence).toBe('');
    expect(stripMarkdown('text', state)).toBe('text');
  });

  it('drops YAML front matter at the top of the file only', () => {
    const doc = ['---', 'title: Secret Title', 'tags: [a, b]', '---', 'Body text', '---', 'more'];
    expect(words(doc.join('\n'))).toEqual([[], [], [], [], ['Body', 'text'], [], ['more']]);
    expect(words('Text\n---\nkept')).toEqual([['Text'], [], ['kept']]);
  });

  it('gives up on front matter that never closes', () => {
    const lines = ['---', ...Array.from({ length: 300 }, (_, i) => `line ${i}`)];
    const kept = words(lines.join('\n')).filter((line) => line.length > 0);
    expect(kept.length).toBe(300 - 200);
    expect(kept[0]).toEqual(['line', '200']);
  });
});
