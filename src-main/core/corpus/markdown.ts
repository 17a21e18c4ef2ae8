// Reduces a line of Markdown to its prose, so that code, URLs and markup do not
// end up in the vocabulary. Line by line, with the state a fenced code block
// needs; not a full CommonMark parser.

export interface MarkdownState {
  /** the opening fence ("```", "~~~~") while inside a fenced code block, else '' */
  fence: string;
  /** lines seen so far */
  lines: number;
  /** inside YAML front matter (a first line of "---" up to the next "---" or "...") */
  frontMatter: boolean;
}

export function newMarkdownState(): MarkdownState {
  return { fence: '', lines: 0, frontMatter: false };
}

const FRONT_MATTER_MAX_LINES = 200;
const FRONT_MATTER_END = /^(?:---|\.\.\.)\s*$/;
const FENCE = /^ {0,3}(`{3,}|~{3,})/;
const INLINE_CODE = /(`+).*?\1/g;
const IMAGE_OR_LINK = /!?\[([^\]]*)\](?:\([^)]*\)|\[[^\]]*\])/g;
const LINK_DEFINITION = /^ {0,3}\[[^\]]+\]:\s/;
const BARE_URL = /\b(?:https?|ftp):\/\/\S+|\bwww\.\S+/g;
const HTML_TAG = /<\/?[A-Za-z!][^>]*>|<(?:https?|mailto|ftp):[^>]*>/g;
const BLOCK_MARKERS = /^\s*(?:>\s?)*\s*(?:#{1,6}(?=\s|$)|[-*+](?=\s)|\d{1,9}[.)](?=\s))?\s*(?:\[[ xX]\]\s)?/;
const CLOSING_HASHES = /\s#+\s*$/;
const EMPHASIS = /\*+|~~|(?<![\p{L}\p{N}])_+|_+(?![\p{L}\p{N}])/gu;
const ENTITY = /&(?:#(\d{1,7})|#[xX]([0-9a-fA-F]{1,6})|([A-Za-z]{2,8}));/g;
const NAMED_ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

/** the prose of `line`; '' for the lines of fenced code blocks and of front matter */
export function stripMarkdown(line: string, state: MarkdownState): string {
  if (state.lines++ === 0 && line.trimEnd() === '---') {
    state.frontMatter = true;
    return '';
  }
  if (state.frontMatter) {
    // a file that merely starts with a rule loses at most FRONT_MATTER_MAX_LINES lines
    if (FRONT_MATTER_END.test(line) || state.lines > FRONT_MATTER_MAX_LINES) state.frontMatter = false;
    return '';
  }
  return stripLine(line, state);
}

function stripLine(line: string, state: MarkdownState): string {
  if (state.fence !== '') {
    if (closesFence(line, state.fence)) state.fence = '';
    return '';
  }
  const fence = FENCE.exec(line);
  if (fence) {
    state.fence = fence[1];
    return '';
  }
  if (LINK_DEFINITION.test(line)) return '';
  return line
    .replace(INLINE_CODE, ' ')
    .replace(IMAGE_OR_LINK, ' $1 ')
    .replace(HTML_TAG, ' ')
    .replace(BARE_URL, ' ')
    .replace(BLOCK_MARKERS, '')
    .replace(CLOSING_HASHES, '')
    .replace(EMPHASIS, '')
    .replace(ENTITY, decodeEntity);
}

function closesFence(line: string, fence: string): boolean {
  const trimmed = line.trim();
  if (trimmed.length < fence.length || line.length - line.trimStart().length > 3) return false;
  for (let i = 0; i < trimmed.length; i++) if (trimmed[i] !== fence[0]) return false;
  return true;
}

function decodeEntity(entity: string, decimal?: string, hex?: string, name?: string): string {
  if (name !== undefined) return NAMED_ENTITIES[name] ?? ' ';
  const code = decimal !== undefined ? Number(decimal) : parseInt(hex ?? '', 16);
  return code > 0 && code <= 0x10ffff && (code < 0xd800 || code > 0xdfff) ? String.fromCodePoint(code) : ' ';
}
