/** An invoice's status in words (https://docs.stripe.com/invoicing/overview#invoice-statuses). */
export const INVOICE_STATUS_LABELS: Record<string, string> = {
  draft: 'Draft',
  open: 'Awaiting payment',
  paid: 'Paid',
  void: 'Void',
  uncollectible: 'Uncollectible',
}

export const invoiceStatusLabel = (status: string) => INVOICE_STATUS_LABELS[status] ?? status
