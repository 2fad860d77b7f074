// The sandbox stamps its own changes in UTC with an explicit "+00:00" offset (RFC 3339, seconds precision).

export function nowInstant(): string {
  return `${new Date().toISOString().slice(0, 19)}+00:00`;
}
