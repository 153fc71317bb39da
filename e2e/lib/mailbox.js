// A minimal SMTP server that keeps every mail it receives, so that tests can
// read what BEN mails (e.g. the single-use confirmation links of the
// volunteer card) exactly as a recipient would. BEN is pointed at it through
// its mail settings (useMailbox), as the office would enter an SMTP server.
import net from 'node:net';

/** startMailbox listens on a free local port; mails are {to, text}. */
export async function startMailbox() {
  const mails = [];
  const waiting = new Set();
  const server = net.createServer((socket) => {
    let buffer = '';
    let data = null;
    let to = [];
    const reply = (line) => socket.write(line + '\r\n');
    reply('220 localhost ESMTP');
    socket.on('data', (chunk) => {
      buffer += chunk.toString('utf8');
      for (;;) {
        if (data !== null) {
          const end = buffer.indexOf('\r\n.\r\n');
          if (end < 0) return;
          data += buffer.slice(0, end);
          buffer = buffer.slice(end + 5);
          const mail = { to, text: decode(data) };
          mails.push(mail);
          for (const w of waiting) w();
          data = null;
          to = [];
          reply('250 OK');
          continue;
        }
        const eol = buffer.indexOf('\r\n');
        if (eol < 0) return;
        const line = buffer.slice(0, eol);
        buffer = buffer.slice(eol + 2);
        const verb = line.slice(0, 4).toUpperCase();
        if (verb === 'EHLO') reply('250 localhost');
        else if (verb === 'RCPT') {
          to.push(/<([^>]*)>/.exec(line)?.[1] || '');
          reply('250 OK');
        } else if (verb === 'DATA') {
          data = '';
          reply('354 End data with <CR><LF>.<CR><LF>');
        } else if (verb === 'QUIT') {
          reply('221 Bye');
          socket.end();
          return;
        } else reply('250 OK'); // HELO, MAIL, RSET, NOOP
      }
    });
    socket.on('error', () => {});
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));

  return {
    port: server.address().port,
    mails,
    /** waitFor resolves with the first mail to address that matches pattern. */
    async waitFor(address, pattern, timeout = 10_000) {
      const find = () => mails.find((m) => m.to.includes(address) && pattern.test(m.text));
      const deadline = Date.now() + timeout;
      for (;;) {
        const found = find();
        if (found) return found;
        if (Date.now() > deadline) throw new Error(`no mail to ${address} matching ${pattern} within ${timeout} ms; got ${mails.map((m) => m.to).join(', ')}`);
        await new Promise((resolve) => {
          const wake = () => { waiting.delete(wake); resolve(); };
          waiting.add(wake);
          setTimeout(wake, 200);
        });
      }
    },
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}

/** useMailbox makes BEN (as staff) send its mail to mailbox and write links to base. */
export async function useMailbox(staff, mailbox, base) {
  const settings = await staff.settings.getAll();
  await staff.settings.update({
    meta: { ...settings.meta, appURL: base },
    smtp: { ...settings.smtp, enabled: true, host: '127.0.0.1', port: mailbox.port, tls: false, username: '', password: '' },
  });
}

// decode undoes dot-stuffing and quoted-printable, enough to read links.
function decode(raw) {
  const unstuffed = raw.replace(/\r\n\.\./g, '\r\n.');
  const qp = unstuffed.replace(/=\r\n/g, '').replace(/(=[0-9A-F]{2})+/g, (run) =>
    Buffer.from(run.split('=').slice(1).map((hex) => parseInt(hex, 16))).toString('utf8'));
  return qp;
}
