// The invoice PDF behind `invoice_pdf`: "The link to download the PDF for the invoice. If the invoice has not been
// finalized yet, this will be null." (https://docs.stripe.com/api/invoices/object#invoice_object-invoice_pdf).
// Stripe answers that link with a PDF; so does the double: one page, built by hand (no dependency), that a PDF
// reader opens and a test can read the invoice's number and amount from.
import type Stripe from 'stripe'
import { date, money } from './html'

/** PDF string literals escape backslashes and parentheses; the built-in Helvetica covers ASCII only. */
const pdfText = (value: string) => value.replace(/[^\x20-\x7e]/g, '?').replace(/[\\()]/g, (c) => `\\${c}`)

export function invoicePdf(invoice: Stripe.Invoice): Buffer {
  const lines = [
    'Invoice (local Stripe sandbox: no real payment)',
    `Number: ${invoice.number ?? invoice.id}`,
    `Date: ${date(invoice.created)}`,
    `Amount due: ${money(invoice.amount_due, invoice.currency)}`,
    `Amount paid: ${money(invoice.amount_paid, invoice.currency)}`,
    `Status: ${invoice.status ?? 'draft'}`,
  ]
  const text = lines.map((line, index) => `BT /F1 ${index === 0 ? 16 : 12} Tf 72 ${740 - index * 24} Td (${pdfText(line)}) Tj ET`).join('\n')
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    `<< /Length ${Buffer.byteLength(text, 'latin1')} >>\nstream\n${text}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ]
  let body = '%PDF-1.4\n'
  const offsets: number[] = []
  objects.forEach((object, index) => {
    offsets.push(Buffer.byteLength(body, 'latin1'))
    body += `${index + 1} 0 obj\n${object}\nendobj\n`
  })
  const xref = Buffer.byteLength(body, 'latin1')
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`
  return Buffer.from(body, 'latin1')
}
