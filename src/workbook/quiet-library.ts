/**
 * ExcelJS prints English notes with console.warn (e.g. "Worksheet name … exceeds 31 chars"): on a
 * Chinese command line they are noise that no message of ours explains. Keep them off stderr while
 * ExcelJS runs; what matters reaches the user as our own problems or errors.
 */
export async function withoutLibraryWarnings<T>(run: () => Promise<T>): Promise<T> {
  const warn = console.warn;
  console.warn = () => undefined;
  try {
    return await run();
  } finally {
    console.warn = warn;
  }
}
