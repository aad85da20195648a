/**
 * An iCalendar (RFC 5545) invitation for a QBR meeting: CRLF line endings,
 * escaped text, lines folded at 75 octets, times in UTC.
 */
const escapeText = (s: string) => s.replace(/\\/g, "\\\\").replace(/;/g, "\\;").replace(/,/g, "\\,").replace(/\r?\n/g, "\\n");
const utc = (d: Date) => d.toISOString().replace(/[-:]/g, "").replace(/\.\d{3}/, "");

function fold(line: string): string {
  const bytes = Buffer.from(line, "utf8");
  if (bytes.length <= 75) return line;
  const parts: string[] = [];
  let current = "";
  for (const ch of line) {
    if (Buffer.byteLength(current + ch, "utf8") > (parts.length ? 74 : 75)) {
      parts.push(current);
      current = "";
    }
    current += ch;
  }
  parts.push(current);
  return parts.join("\r\n ");
}

export function qbrIcs(meeting: {
  id: string;
  organizationName: string;
  quarter: string;
  startsAt: Date;
  durationMinutes: number;
  attendees: string[];
  location: string;
  organizer: string;
  now?: Date;
}): string {
  const end = new Date(meeting.startsAt.getTime() + meeting.durationMinutes * 60_000);
  const lines = [
    "BEGIN:VCALENDAR",
    "VERSION:2.0",
    "PRODID:-//Atrium//Customer Success//EN",
    "METHOD:REQUEST",
    "BEGIN:VEVENT",
    `UID:qbr-${meeting.id}@atrium`,
    `DTSTAMP:${utc(meeting.now ?? new Date())}`,
    `DTSTART:${utc(meeting.startsAt)}`,
    `DTEND:${utc(end)}`,
    `SUMMARY:${escapeText(`${meeting.organizationName} — Quarterly business review ${meeting.quarter}`)}`,
    `LOCATION:${escapeText(meeting.location)}`,
    `ORGANIZER:mailto:${meeting.organizer}`,
    ...meeting.attendees.map((a) => `ATTENDEE;ROLE=REQ-PARTICIPANT;RSVP=TRUE:mailto:${a}`),
    "END:VEVENT",
    "END:VCALENDAR",
  ];
  return lines.map(fold).join("\r\n") + "\r\n";
}
