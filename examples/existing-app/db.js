// The app's database: users with scrypt password hashes, and their todos.
const crypto = require('node:crypto');
const pg = require('pg');

const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL });

function migrate() {
  return pool.query(`
    CREATE TABLE IF NOT EXISTS users (
      id SERIAL PRIMARY KEY,
      username TEXT UNIQUE NOT NULL,
      hashed_password BYTEA NOT NULL,
      salt BYTEA NOT NULL
    );
    CREATE TABLE IF NOT EXISTS todos (
      id SERIAL PRIMARY KEY,
      owner_id INTEGER NOT NULL REFERENCES users (id),
      title TEXT NOT NULL,
      completed BOOLEAN NOT NULL DEFAULT false
    );`);
}

function scrypt(password, salt) {
  return new Promise((resolve, reject) => {
    crypto.scrypt(password, salt, 32, (error, key) => (error ? reject(error) : resolve(key)));
  });
}

async function createUser(username, password) {
  const salt = crypto.randomBytes(16);
  const { rows } = await pool.query(
    'INSERT INTO users (username, hashed_password, salt) VALUES ($1, $2, $3) RETURNING id, username',
    [username, await scrypt(password, salt), salt],
  );
  return rows[0];
}

async function findByUsername(username) {
  const { rows } = await pool.query('SELECT id, username FROM users WHERE username = $1', [username]);
  return rows[0];
}

// true or false: the password against the user's hash, compared in constant time.
async function checkPassword(userId, password) {
  const { rows } = await pool.query('SELECT hashed_password, salt FROM users WHERE id = $1', [userId]);
  if (rows.length === 0) return false;
  const derived = await scrypt(password, rows[0].salt);
  return crypto.timingSafeEqual(derived, rows[0].hashed_password);
}

module.exports = { pool, migrate, createUser, findByUsername, checkPassword };
