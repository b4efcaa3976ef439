// Times of day as the package and the payload write them: minutes since midnight one way, "HH:MM" (the API)
// or "HH:MM:SS" (database rows) the other. The one copy for the engine, the data layer and the warm-up payload.

/** Minutes since midnight from a number or "HH:MM" / "HH:MM:SS"; a RangeError for anything else. */
export function toMinutes(value, what = 'start') {
  if (typeof value === 'number') {
    if (Number.isInteger(value) && value >= 0 && value <= 1440) return value;
  } else if (typeof value === 'string') {
    const m = /^(\d\d):(\d\d)(?::(\d\d))?$/.exec(value);
    if (m !== null) {
      const h = Number(m[1]);
      const min = Number(m[2]);
      if (min < 60 && (h < 24 || (h === 24 && min === 0)) && (m[3] === undefined || Number(m[3]) < 60)) {
        return h * 60 + min;
      }
    }
  }
  throw new RangeError(`slotfit: ${what} must be minutes since midnight (0-1440) or "HH:MM", got ${JSON.stringify(value)}`);
}

/** "HH:MM" of minutes since midnight (0–1440), or "HH:MM:SS" with {seconds: true}, as the database writes it. */
export function formatTime(minutes, { seconds = false } = {}) {
  if (!Number.isInteger(minutes) || minutes < 0 || minutes > 1440) {
    throw new RangeError(`slotfit: a time is whole minutes since midnight (0-1440), got ${JSON.stringify(minutes)}`);
  }
  const text = `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
  return seconds ? `${text}:00` : text;
}
