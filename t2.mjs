import { PGlite } from '@electric-sql/pglite';
const db = await PGlite.create(process.argv[2]);
console.log((await db.query('select count(*)::int c, max(id) m from t')).rows);
