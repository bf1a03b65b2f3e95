/** How the billing screens write money, items and request states. */
import { describeItem, formatMoney, type OrderItem } from '../../shared/billing/orderItems';

export { formatMoney };

export const itemsText = (items: OrderItem[]): string => items.map(describeItem).join('; ');

export const paymentLabels: Record<string, string> = { paid: 'Paid', unpaid: 'Not paid', cancelled: 'Invoice cancelled', no_invoice: 'No invoice' };
