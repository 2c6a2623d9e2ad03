/**
 * Reads a text file the user names, whatever encoding an office program saved
 * it in: UTF-8 (with or without a BOM) as it is; UTF-16 (Excel's "Unicode
 * text") and GBK/GB18030 (Excel's CSV on Chinese Windows) converted to UTF-8,
 * with a note saying so; a workbook or other binary refused in one line.
 */
import fs from 'node:fs';
import iconv from 'iconv-lite';
import { refused } from './errors';
import { bi } from './output';

export interface TextFile {
  text: string;
  /** The encoding the file was in. */
  encoding: 'utf-8' | 'gbk' | 'utf-16le' | 'utf-16be';
  /** Set when the text was converted to UTF-8: what to tell the user. */
  conversionNote?: string;
}

export function readFileBytes(file: string): Buffer {
  try {
    return fs.readFileSync(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw refused(`${bi('找不到文件', 'file not found')}: ${file}`);
    if (code === 'EISDIR') throw refused(`${bi('這是文件夾', 'this is a folder, not a file')}: ${file}`);
    if (code === 'EACCES') throw refused(`${bi('無權讀取文件', 'no permission to read the file')}: ${file}`);
    throw refused(`${bi('無法讀取文件', 'cannot read the file')} ${file}: ${code ?? (error as Error).message}`);
  }
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

function isUtf8(bytes: Buffer): boolean {
  try {
    utf8.decode(bytes);
    return true;
  } catch {
    return false;
  }
}

export function decodeText(bytes: Buffer, file: string): TextFile {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) bytes = bytes.subarray(3);
  else if (bytes[0] === 0xff && bytes[1] === 0xfe) {
    return { text: iconv.decode(bytes.subarray(2), 'utf-16le'), encoding: 'utf-16le', conversionNote: `${bi('已將 UTF-16 編碼轉換為 UTF-8', 'converted from UTF-16 to UTF-8')}: ${file}` };
  } else if (bytes[0] === 0xfe && bytes[1] === 0xff) {
    return { text: iconv.decode(bytes.subarray(2), 'utf-16be'), encoding: 'utf-16be', conversionNote: `${bi('已將 UTF-16 編碼轉換為 UTF-8', 'converted from UTF-16 to UTF-8')}: ${file}` };
  }
  if (bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04) {
    throw refused(`${bi('這是 Excel 工作簿，不是 CSV', 'this is an Excel workbook (.xlsx), not CSV')}: ${file}; ${bi('請另存為 CSV', 'save it as CSV first')} (CSV UTF-8)`);
  }
  if (bytes.includes(0)) throw refused(`${bi('不是文本文件', 'not a text file')} (NUL bytes): ${file}; ${bi('請另存為 CSV 或 JSON', 'save it as CSV or JSON')}`);
  if (isUtf8(bytes)) return { text: bytes.toString('utf8'), encoding: 'utf-8' };
  // Not UTF-8: Excel on Chinese Windows saves "CSV (comma delimited)" in the ANSI code page, GBK
  // (GB18030 is its superset). A byte sequence GB18030 cannot read becomes U+FFFD: then it is neither.
  const text = iconv.decode(bytes, 'gb18030');
  if (text.includes('\uFFFD')) {
    throw refused(`${bi('文件編碼無法識別', 'the file is neither UTF-8 nor GBK')}: ${file}; ${bi('請另存為 UTF-8', 'save it as UTF-8')} (Excel: "CSV UTF-8")`);
  }
  return {
    text,
    encoding: 'gbk',
    conversionNote: `${bi('文件為 GBK 編碼，已轉換為 UTF-8', 'the file is GBK-encoded (as Excel saves CSV on Chinese Windows); converted to UTF-8')}: ${file}`,
  };
}

export const readTextFile = (file: string): TextFile => decodeText(readFileBytes(file), file);
