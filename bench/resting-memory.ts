/**
 * Issue 15, point 4: an app process's memory at rest, and where it is. Read inside the process
 * after two full garbage collections, as a bot left alone would be once V8's memory reducer has
 * run: resident memory, the JS heap, memory outside it (Buffers, ArrayBuffers) and the part of
 * resident memory in WebAssembly memories (PGlite's PostgreSQL, Prisma's query compiler), which
 * grow as they are touched and never shrink.
 */
import { readFileSync } from 'node:fs';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

export interface RestingMemory {
  rssMb: number;
  /** The JS heap V8 holds (heapTotal) and what of it is live (heapUsed). */
  heapTotalMb: number;
  heapUsedMb: number;
  /** Memory of JS objects kept outside the heap; arrayBuffers is the part in (Array)Buffers. */
  externalMb: number;
  arrayBuffersMb: number;
  /** Resident memory in WebAssembly memories (null where /proc/self/smaps cannot be read). */
  wasmMb: number | null;
  /** Resident memory that is mapped files (the node binary, shared libraries): shared with other processes. */
  fileMb: number | null;
}

const mb = (bytes: number) => Math.round(bytes / 1024 / 1024);

export async function restingMemory(): Promise<RestingMemory> {
  gc();
  // Let finalizers and freed native memory go before the second collection and the reading.
  await new Promise((resolve) => setTimeout(resolve, 100));
  gc();
  const m = process.memoryUsage();
  const maps = residentMaps();
  return {
    rssMb: mb(m.rss),
    heapTotalMb: mb(m.heapTotal),
    heapUsedMb: mb(m.heapUsed),
    externalMb: mb(m.external),
    arrayBuffersMb: mb(m.arrayBuffers),
    wasmMb: maps && mb(maps.wasmBytes),
    fileMb: maps && mb(maps.fileBytes),
  };
}

/**
 * V8 reserves each WebAssembly memory as its accessible pages (read-write, anonymous) followed
 * at once by guard pages (no access) up to several GB: the resident part of such read-write
 * mappings is the WASM heaps. Mapped files are the mappings with a path.
 */
function residentMaps(): { wasmBytes: number; fileBytes: number } | null {
  let text: string;
  try {
    text = readFileSync('/proc/self/smaps', 'utf8');
  } catch {
    return null;
  }
  const maps: { start: bigint; end: bigint; perms: string; file: boolean; anon: boolean; rssBytes: number }[] = [];
  for (const line of text.split('\n')) {
    const header = /^([0-9a-f]+)-([0-9a-f]+) (\S+) \S+ \S+ (\d+)\s*(.*)$/.exec(line);
    if (header) {
      const path = header[5]!;
      maps.push({ start: BigInt(`0x${header[1]}`), end: BigInt(`0x${header[2]}`), perms: header[3]!, file: path.startsWith('/'), anon: header[4] === '0' && path === '', rssBytes: 0 });
      continue;
    }
    const rss = /^Rss:\s+(\d+) kB/.exec(line);
    if (rss && maps.length) maps[maps.length - 1]!.rssBytes = Number(rss[1]) * 1024;
  }
  let wasmBytes = 0;
  let fileBytes = 0;
  maps.forEach((m, i) => {
    if (m.file) fileBytes += m.rssBytes;
    const guard = maps[i + 1];
    const isWasm = m.anon && m.perms.startsWith('rw') && guard?.anon && guard.perms.startsWith('---') && guard.start === m.end && guard.end - m.start >= 4n << 30n;
    if (isWasm) wasmBytes += m.rssBytes;
  });
  return { wasmBytes, fileBytes };
}
