// A minimal SMTP server on 127.0.0.1 that accepts every message and keeps it, so tests can read the
// emails the app really sends through nodemailer over a real socket. No TLS, no auth: test use only.
import { createServer, type Server } from 'node:net'

export type CapturedEmail = { from: string; to: string[]; raw: string; text: string }

export async function startSmtpCapture() {
  const messages: CapturedEmail[] = []
  const server: Server = createServer((socket) => {
    let buffer = ''
    let inData = false
    let from = ''
    let to: string[] = []
    const reply = (line: string) => socket.write(`${line}\r\n`)
    reply('220 tollgate-test ESMTP')
    socket.on('data', (chunk) => {
      buffer += chunk.toString('utf8')
      while (true) {
        if (inData) {
          const end = buffer.indexOf('\r\n.\r\n')
          if (end === -1) return
          const raw = buffer.slice(0, end).replace(/^\.\./gm, '.')
          buffer = buffer.slice(end + 5)
          inData = false
          messages.push({ from, to, raw, text: decodeQuotedPrintable(raw) })
          reply('250 OK: queued')
          continue
        }
        const newline = buffer.indexOf('\r\n')
        if (newline === -1) return
        const line = buffer.slice(0, newline)
        buffer = buffer.slice(newline + 2)
        const verb = line.slice(0, 4).toUpperCase()
        switch (verb) {
          case 'EHLO':
          case 'HELO':
            reply('250 tollgate-test')
            break
          case 'MAIL':
            from = line.slice(10).replace(/[<>]/g, '').trim()
            to = []
            reply('250 OK')
            break
          case 'RCPT':
            to.push(line.slice(8).replace(/[<>]/g, '').trim())
            reply('250 OK')
            break
          case 'DATA':
            inData = true
            reply('354 End data with <CR><LF>.<CR><LF>')
            break
          case 'QUIT':
            reply('221 Bye')
            socket.end()
            break
          case 'RSET':
          case 'NOOP':
            reply('250 OK')
            break
          default:
            reply('502 Command not implemented')
        }
      }
    })
    socket.on('error', () => {})
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as { port: number }
  return {
    url: `smtp://127.0.0.1:${port}`,
    messages,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
}

function decodeQuotedPrintable(raw: string): string {
  return raw.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)))
}
