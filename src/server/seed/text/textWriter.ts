/** Builds subjects and message bodies from the vocabulary, with the ticket's own details. */
import { assertNever } from '../../../shared/assertNever';
import type { TicketType } from '../../../shared/domain/model';
import { EV, type EvKind, type TicketPlan, type UserPlan } from '../plans';
import type { Rng } from '../random';
import { DAY, HOUR } from '../units';
import { regions } from '../vocabulary/people';
import { customerClosings, customerContext, customerGreetings, customerInfo, customerNevermind, customerNudges, customerReopen, customerThanks, customerUrgency, dispatcherNotes, engineerNotes, errorMessages, staffAsks, staffClosers, staffFollowUps, staffGreetings, subjectPrefixes } from '../vocabulary/phrases';
import { carriers, currentVersion, gateways, hostingPlans, phpFiles, productByName } from '../vocabulary/products';
import { type Topic, topicsByType } from '../vocabulary/topics';
import { fill, fmtDate, fmtTime } from './format';

export class TextWriter {
  constructor(
    private readonly r: Rng,
    private readonly gen: { userById(id: number): UserPlan; departmentName(id: number | null): string },
  ) {}

  private topic(t: TicketPlan): Topic {
    return topicsByType[t.type as Exclude<TicketType, 'log'>][t.topic]!;
  }

  /** The ticket's details, drawn once so that all its messages agree on them. */
  private vars(t: TicketPlan): Record<string, string | number> {
    t.vars ??= this.drawVars(t);
    return t.vars;
  }

  private drawVars(t: TicketPlan): Record<string, string | number> {
    const r = this.r;
    const product = t.license?.product ?? 'X-Cart';
    const v = t.productVersion || currentVersion[product];
    const versions = productByName(product).versions.map(([x]) => x);
    const older = versions.filter((x) => x < v);
    const written = t.account.written;
    const earlier = written.length > 1 ? written[Math.max(0, written.length - 2 - r.int(0, 30))] : undefined;
    return {
      p: product,
      v,
      vOld: older.length ? r.pick(older) : versions[versions.length - 1]!,
      url: t.license?.url ?? `https://www.${t.account.domain}/`,
      gateway: r.pick(gateways),
      carrier: r.pick(carriers),
      code: `E${r.int(100, 9999)}`,
      file: r.pick(phpFiles[product]),
      n: r.pick([500, 1200, 3000, 4500, 8000, 15000, 25000]),
      addon: r.pick(productByName(product === 'Sales-n-Stats' ? 'X-Cart' : product).addons)[0],
      region: r.pick(regions),
      plan: r.pick(hostingPlans),
      ticket: earlier && earlier !== t ? earlier.number : t.number - r.int(50, 4000),
      date: fmtDate(t.createdAt - r.int(1, 5) * DAY),
      error: r.pick(errorMessages),
      company: t.account.company,
    };
  }

  /** The next phrase of a pool for this ticket: consecutive picks within a ticket differ. */
  private next(t: TicketPlan, pool: readonly string[]): string {
    t.phrase = (t.phrase ?? this.r.int(0, 1000)) + 1 + (this.r.chance(0.3) ? 1 : 0);
    return pool[t.phrase % pool.length]!;
  }

  subject(t: TicketPlan): string {
    const vars = this.vars(t);
    const subject = fill(this.r.pick(this.topic(t).subjects), vars);
    const prefix = t.type === 'tech' ? fill(this.r.pick(subjectPrefixes), vars) : '';
    return prefix + subject;
  }

  message(t: TicketPlan, k: EvKind, at: number, authorId: number, index: number): string {
    const r = this.r;
    if (k === EV.log) return this.logEntry(t, index);
    const vars = this.vars(t);
    const author = this.gen.userById(authorId);
    const customer = this.gen.userById(t.authorId ?? t.account.primary.id);
    const topic = this.topic(t);
    const sign = (u: UserPlan) => fill(r.pick(customerClosings), { first: u.first, last: u.last, company: t.account.company });
    const staffSign = (u: UserPlan) => `Best regards,\n${u.first} ${u.last}\n${this.gen.departmentName(t.departmentId)} team`;
    const parts: string[] = [];
    const add = (s: string) => {
      if (s) parts.push(fill(s, vars));
    };
    switch (k) {
      case EV.open: {
        add(r.pick(customerGreetings));
        add(r.pick(topic.problem));
        const extra = r.int(1, 4);
        const used = new Set<string>();
        for (let i = 0; i < extra; i++) {
          const s = r.pick(customerContext);
          if (!used.has(s)) add(s);
          used.add(s);
        }
        if (r.chance(0.06)) add(this.errorLog(t, at));
        add(r.pick(customerUrgency));
        parts.push(sign(author));
        break;
      }
      case EV.info: {
        if (r.chance(0.5)) add(r.pick(customerGreetings));
        add(this.next(t, customerInfo));
        if (r.chance(0.5)) add(this.next(t, customerInfo));
        if (r.chance(0.05)) add(this.errorLog(t, at));
        else if (r.chance(0.04)) add(this.serverInfo(t));
        parts.push(sign(author));
        break;
      }
      case EV.nudge:
        add(this.next(t, customerNudges));
        if (r.chance(0.4)) parts.push(sign(author));
        break;
      case EV.thanks:
        add(r.pick(customerThanks));
        parts.push(sign(author));
        break;
      case EV.reopen:
        add(r.pick(customerGreetings));
        add(r.pick(customerReopen));
        add(this.next(t, customerInfo));
        parts.push(sign(author));
        break;
      case EV.nevermind:
        add(r.pick(customerNevermind));
        parts.push(sign(author));
        break;
      case EV.ask:
        add(fill(r.pick(staffGreetings), { first: customer.first }));
        if (r.chance(0.5)) add(this.next(t, staffFollowUps));
        add(this.next(t, staffAsks));
        if (r.chance(0.4)) add(this.next(t, staffAsks));
        parts.push(staffSign(author));
        break;
      case EV.answer:
        add(fill(r.pick(staffGreetings), { first: customer.first }));
        add(this.next(t, staffFollowUps));
        add(this.next(t, topic.answer));
        if (r.chance(0.07)) add(this.instructions(t));
        else if (r.chance(0.05)) add(this.patch(t));
        add(r.pick(staffClosers));
        parts.push(staffSign(author));
        break;
      case EV.note:
        add(this.next(t, engineerNotes).replace('{cost}', String(t.cost)));
        if (r.chance(0.3)) add(this.next(t, engineerNotes).replace('{cost}', String(t.cost)));
        break;
      case EV.dispatch:
        add(r.pick(dispatcherNotes).replace('{cost}', String(t.cost)).replace('{type}', t.type).replace('{dept}', this.gen.departmentName(t.departmentId)));
        break;
      default:
        assertNever(k, 'event kind');
    }
    return parts.join(k === EV.note || k === EV.dispatch ? ' ' : '\n\n');
  }

  private logEntry(t: TicketPlan, index: number): string {
    const u = t.logEntries![index]!;
    return [
      `License ${u.license.key} (${u.license.product} ${u.license.edition}): URL changed.`,
      `Old URL: ${u.oldUrl}`,
      `New URL: ${u.newUrl}`,
      `The license certificate was reissued on ${fmtTime(u.decidedAt!)}.`,
      `The software must be removed from ${u.oldUrl} by ${fmtTime(u.decidedAt! + 48 * HOUR)}.`,
    ].join('\n');
  }

  private errorLog(t: TicketPlan, at: number): string {
    const r = this.r;
    const product = t.license?.product ?? 'X-Cart';
    const lines = ['Here is what our error log says:', ''];
    const n = r.int(12, 60);
    let time = at - r.int(1, 48) * HOUR;
    const user = t.account.domain.split('.')[0]!.slice(0, 8);
    for (let i = 0; i < n; i++) {
      time += r.int(1, 600) * 1000;
      const file = r.pick(phpFiles[product]);
      const msg = r.pick([
        `PHP Warning:  mysql_fetch_array(): supplied argument is not a valid MySQL result resource in /home/${user}/public_html/${file} on line ${r.int(20, 2400)}`,
        `PHP Notice:  Undefined index: ${r.pick(['productid', 'cart', 'login', 'shippingid', 'paymentid'])} in /home/${user}/public_html/${file} on line ${r.int(20, 2400)}`,
        `PHP Fatal error:  Allowed memory size of 33554432 bytes exhausted (tried to allocate ${r.int(16, 9000)} bytes) in /home/${user}/public_html/${file} on line ${r.int(20, 2400)}`,
        `File does not exist: /home/${user}/public_html/${r.pick(['favicon.ico', 'images/spacer.gif', 'skin1/images/button_bg.gif', 'robots.txt'])}`,
        `PHP Warning:  Cannot modify header information - headers already sent by (output started at /home/${user}/public_html/${file}:${r.int(1, 40)})`,
      ]);
      lines.push(`[${new Date(time).toUTCString()}] [error] [client 203.0.113.${r.int(2, 254)}] ${msg}`);
    }
    return lines.join('\n');
  }

  private serverInfo(t: TicketPlan): string {
    const r = this.r;
    return [
      'Server details:',
      `PHP Version => 5.2.${r.int(1, 17)}`,
      `System => Linux ${r.pick(['host', 'web', 'srv'])}${r.int(1, 99)}.${t.account.domain} 2.6.${r.int(9, 32)} i686`,
      `Server API => ${r.pick(['Apache 2.0 Handler', 'CGI/FastCGI', 'Apache'])}`,
      `memory_limit => ${r.pick(['16M', '32M', '64M', '128M'])}`,
      `max_execution_time => ${r.pick([30, 60, 120, 300])}`,
      `safe_mode => ${r.pick(['Off', 'Off', 'On'])}`,
      `upload_max_filesize => ${r.pick(['2M', '8M', '16M'])}`,
      `MySQL client version => 5.0.${r.int(27, 96)}`,
      `register_globals => ${r.pick(['Off', 'On'])}`,
    ].join('\n');
  }

  private instructions(t: TicketPlan): string {
    const r = this.r;
    // In the order one would do them; each reply takes a few, keeping that order.
    const steps = [
      'Log in to the admin area.',
      'Make a full backup: Admin area -> DB backup/restore, and a copy of all files via FTP.',
      'Switch the store to maintenance mode (General settings -> Maintenance).',
      `Download the fix from your File area and unpack it into the store directory (${t.license?.url ?? 'your store'}).`,
      'Go to Admin area -> Patch/Upgrade and apply the patch file.',
      'Check the list of failed patches, if any, and send it to us.',
      'Open config.php and check the $xcart_http_host and $xcart_https_host settings.',
      'Clear the compiled templates: delete everything in the templates_c directory except .htaccess.',
      'Re-generate the thumbnails from Admin area -> Images location.',
      'Open General settings -> Security and enable HTTPS for the checkout.',
      'Switch the store back from maintenance mode.',
      'Place a test order with a test payment method.',
      'Check the storefront in two different browsers.',
    ];
    const chosen = steps.filter((_, i) => i === 1 || i === 11 || r.chance(0.45));
    return ['Please follow these steps:', ...chosen.map((step, i) => `${i + 1}. ${step}`)].join('\n');
  }

  private patch(t: TicketPlan): string {
    const r = this.r;
    const product = t.license?.product ?? 'X-Cart';
    const file = r.pick(phpFiles[product]);
    const line = r.int(40, 900);
    const lines = [`I applied the following change to ${file}:`, '', `--- ${file}.orig`, `+++ ${file}`, `@@ -${line},7 +${line},8 @@`];
    const n = r.int(6, 20);
    for (let i = 0; i < n; i++) {
      const sign = r.weighted([[' ', 6], ['-', 1], ['+', 2]] as const);
      lines.push(`${sign}    ${r.pick([
        '$cart = func_get_cart($login);',
        'if (empty($products)) return false;',
        "$shipping_cost = price_format($rate['rate']);",
        'db_query("UPDATE $sql_tbl[orders] SET status=\'P\' WHERE orderid=\'$orderid\'");',
        '$smarty->assign("main", "checkout");',
        "if (!isset(\$_SESSION['cart'])) \$_SESSION['cart'] = array();",
        '$total = $subtotal + $shipping_cost + $tax_cost;',
        'return func_display("customer/home.tpl", $smarty);',
        '}',
      ])}`);
    }
    return lines.join('\n');
  }
}
