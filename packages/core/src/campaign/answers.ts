import { randomHex, toHex } from '../random.js';
import type { InputTask, QuizTask } from './campaign.js';

/** Trims, lowercases and collapses inner whitespace, so "  Vitalik  Buterin" matches "vitalik buterin". */
export function normalizeAnswer(answer: string): string {
  return answer.normalize('NFKC').trim().toLowerCase().replace(/\s+/g, ' ');
}

async function sha256Hex(text: string): Promise<string> {
  const bytes = new Uint8Array(
    await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text)),
  );
  return toHex(bytes);
}

/**
 * The hash a quiz stores instead of its answer: hex SHA-256 of `salt + ':' + normalizeAnswer(answer)`.
 * Campaign authors run it once (`hashQuizAnswer('s4lt-…', 'Paris')`) and put the result in `answer.hash`.
 */
export function hashQuizAnswer(salt: string, answer: string): Promise<string> {
  return sha256Hex(`${salt}:${normalizeAnswer(answer)}`);
}

/** Random salt for a new quiz answer (16 bytes, hex). */
export function randomSalt(): string {
  return randomHex(16);
}

/** Whether `answer` is the quiz's answer; false when the campaign carries no answer hash. */
export async function checkQuizAnswer(task: QuizTask, answer: string): Promise<boolean> {
  if (!task.answer || typeof answer !== 'string' || answer.length > 1000) return false;
  return (await hashQuizAnswer(task.answer.salt, answer)) === task.answer.hash;
}

export const DEFAULT_INPUT_MAX_LENGTH = 500;

/**
 * Whether the trimmed input matches the task's pattern as a whole (length-bounded before
 * matching). Patterns run on RE2 (`@questboard/rules`' `testPattern`): linear in the input, so no
 * pattern can stall the browser or the server. The engine (re2js, ~45 KB gzip) is a dynamic
 * `import()`: a board loads it with the first input check, not with the memory backend.
 */
export async function checkInput(task: InputTask, input: string): Promise<boolean> {
  if (typeof input !== 'string') return false;
  const value = input.trim();
  if (!value || value.length > (task.maxLength ?? DEFAULT_INPUT_MAX_LENGTH)) return false;
  const { testPattern } = await import('@questboard/rules/validate');
  return testPattern(task.pattern, task.flags, value, { whole: true });
}
