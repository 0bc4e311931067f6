import { PGlite } from '@electric-sql/pglite';
const dir = process.argv[2];
const t0 = Date.now();
const db = await PGlite.create(dir);
console.log('open ms', Date.now() - t0);
await db.exec('create table if not exists t (id serial primary key, v text)');
const n = +process.argv[3] || 2000;
const t1 = Date.now();
for (let i = 0; i < n; i++) {
  await db.query('insert into t(v) values ($1)', ['x' + i]);
  if (process.argv[4]) console.log('ack', i);
}
console.log('inserts/s', n / ((Date.now() - t1) / 1000));
const t2 = Date.now();
for (let i = 0; i < n; i++) {
  await db.query('select * from t where id=$1', [i + 1]);
}
console.log('selects/s', n / ((Date.now() - t2) / 1000));
console.log((await db.query('select count(*) from t')).rows);
await db.close();
