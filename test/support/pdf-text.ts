/**
 * The text of a PDF, extracted by pdf-parse (pdfjs-dist). pdfjs loads its
 * worker with a dynamic import, which jest's module sandbox refuses, so the
 * extraction runs in a plain Node process of its own.
 */
import { execFile } from 'node:child_process';
import path from 'node:path';

const EXTRACT = `
const { PDFParse } = require('pdf-parse');
const chunks = [];
process.stdin.on('data', (c) => chunks.push(c));
process.stdin.on('end', async () => {
  const parser = new PDFParse({ data: new Uint8Array(Buffer.concat(chunks)) });
  try {
    const info = await parser.getInfo();
    const text = await parser.getText();
    process.stdout.write(JSON.stringify({ pages: info.total, text: text.text }));
  } finally {
    await parser.destroy();
  }
});
`;

export function pdfText(pdf: Buffer): Promise<{ pages: number; text: string }> {
  return new Promise((resolve, reject) => {
    const child = execFile(process.execPath, ['-e', EXTRACT], { cwd: path.resolve(__dirname, '..', '..'), maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error) reject(new Error(`pdf-parse failed: ${error.message}\n${stderr}`));
      else resolve(JSON.parse(stdout));
    });
    child.stdin!.end(pdf);
  });
}
