// The console's PGlite database on its own thread (CONSOLE_DB_THREAD=worker, see client.ts).
// PGlite runs Postgres as WASM, synchronously: on the request thread every query stops React
// rendering for as long as it runs. Here it runs beside it.
//
// Messages in: { id, op: 'query', sql, params, tx? } | { id, op: 'begin', tx } |
//   { id, op: 'commit' | 'rollback', tx } | { id, op: 'close' }.
// Messages out: { id, rows } | { id, ok: true } | { id, code } for a failure. A failure carries
// the SQLSTATE alone: never the SQL text, its parameters or the driver's message (R3-10).
import { parentPort, workerData } from 'node:worker_threads';
import { openPglite } from './pglite-open.mjs';

const port = /** @type {import('node:worker_threads').MessagePort} */ (parentPort);

/** @param {unknown} err */
function codeOf(err) {
  const code = /** @type {{ code?: unknown }} */ (err)?.code;
  return typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) ? code : null;
}

const ROLLBACK = Symbol('rollback');

/**
 * Open transactions by id. PGlite's own transaction() holds its mutex from begin to commit or
 * rollback, so a query without `tx` waits for it, exactly as on the request thread.
 * @type {Map<number, { tx: import('@electric-sql/pglite').Transaction, end: (commit: boolean, id: number) => void }>}
 */
const open = new Map();

const ready = openPglite(workerData.dataDir, workerData.start);

port.on('message', async (/** @type {any} */ m) => {
  let pg;
  try {
    pg = await ready;
  } catch (err) {
    port.postMessage({ id: m.id, code: codeOf(err) });
    return;
  }
  try {
    if (m.op === 'query') {
      const target = m.tx === undefined ? pg : open.get(m.tx)?.tx;
      if (!target) throw new Error('no such transaction');
      const r = await target.query(m.sql, m.params);
      port.postMessage({ id: m.id, rows: r.rows });
    } else if (m.op === 'begin') {
      let endId = 0;
      pg.transaction(
        (tx) =>
          new Promise((resolve, reject) => {
            open.set(m.tx, {
              tx,
              end: (commit, id) => {
                endId = id;
                if (commit) resolve(undefined);
                else reject(ROLLBACK);
              },
            });
            port.postMessage({ id: m.id, ok: true });
          }),
      ).then(
        () => {
          open.delete(m.tx);
          port.postMessage({ id: endId, ok: true });
        },
        (err) => {
          open.delete(m.tx);
          // A begin that never started (the database closed) answers its own message.
          if (!endId) port.postMessage({ id: m.id, code: codeOf(err) });
          else
            port.postMessage(
              err === ROLLBACK ? { id: endId, ok: true } : { id: endId, code: codeOf(err) },
            );
        },
      );
    } else if (m.op === 'commit' || m.op === 'rollback') {
      const t = open.get(m.tx);
      if (!t) throw new Error('no such transaction');
      t.end(m.op === 'commit', m.id);
    } else if (m.op === 'close') {
      await pg.close();
      port.postMessage({ id: m.id, ok: true });
      port.close();
    }
  } catch (err) {
    port.postMessage({ id: m.id, code: codeOf(err) });
  }
});
