/** The phrases customers and staff write their messages with, and the names of their attachments. */

export const subjectPrefixes = ['', '', '', '', '', '', '', '', 'URGENT: ', 'Urgent - ', 'Question: ', 'Help: ', '[{p} {v}] '];
export const customerGreetings = ['Hello,', 'Hi,', 'Hi there,', 'Hello support team,', 'Dear support,', 'Good morning,', 'Good afternoon,', ''];
export const customerContext = [
  'We are running {p} {v} on a shared hosting account (PHP 5.2, MySQL 5.0).',
  'The store is at {url}.',
  'Nothing was changed on our side, as far as I know.',
  'It works fine in your demo store.',
  'Our hosting provider says that the server is fine.',
  'We have a custom skin made by a freelancer last year.',
  'The problem appears in Firefox and Internet Explorer alike.',
  'It started right after our hosting company updated PHP.',
  'We did not apply any patches since the installation.',
  'I have attached a screenshot of the error.',
  'The problem happens only for some customers, not for all of them.',
  'We can reproduce it every time with a test order.',
  'Server access is posted in the "Post access info" tab.',
  'Our developer has already looked at it but could not find the reason.',
  'This is our busiest season, so we need this fixed quickly.',
  'We have about {n} orders a day.',
];
export const customerUrgency = [
  'We are losing orders because of this!', 'Please help asap.', 'It is not urgent, but please have a look when you can.',
  'Please treat this as a priority.', 'Thank you for your help.', '', '',
];
export const customerClosings = ['Thanks,\n{first}', 'Regards,\n{first} {last}\n{company}', 'Thank you in advance.\n{first}', 'Best,\n{first}', 'Cheers,\n{first}', '{first} {last}', 'Kind regards,\n{first} {last}'];
export const customerInfo = [
  'I have posted the FTP and admin area access in the "Post access info" tab.',
  'Here is the exact error message we get: "{error}".',
  'I tried what you suggested, but the problem is still there.',
  'The server runs PHP 5.2.17 and MySQL 5.0.91.',
  'Yes, we use a custom skin, based on the default one.',
  'I cleared the templates cache as you said; no change.',
  'The problem happens on {url} on the checkout step.',
  'We did modify {file} about a year ago, to add a field for the gift message.',
  'Our host confirmed that safe_mode is off and the memory limit is 64M.',
  'Attached is the error log from today.',
  'It works now for new orders, but the old orders still show the wrong totals.',
  'Could you please also check why the invoice emails have no logo?',
  'Please go ahead and apply the patch; we have a fresh backup.',
  'Sorry for the late reply, I was away for a few days.',
  'I do not see the files you mentioned in our File area.',
  'What exactly should we change in config.php?',
];
export const customerNudges = ['Any news on this?', 'Hello? We are still waiting for an answer.', 'Could you please give us an update?', 'Is anyone working on this ticket?', 'Please reply, the problem is still there.', 'Just checking whether you received our last message.'];
export const customerThanks = ['Thank you, it works now!', 'Great, that fixed it. You can close the ticket.', 'Everything works. Thanks for the quick help!', 'Perfect, thank you very much.', 'Confirmed, the problem is gone. Thanks a lot.'];
export const customerReopen = ['Unfortunately the problem is back since this morning.', 'Sorry to reopen this, but the same error appeared again after we added new products.', 'The issue came back after our host restarted the server.', 'It worked for a few days, but now we see exactly the same problem again.'];
export const customerNevermind = ['Please ignore this ticket, our developer found the problem.', 'Never mind, it was a caching issue on our side. Sorry for the trouble.', 'We found the reason ourselves, you can close this ticket.', 'Problem solved: our hosting company fixed it.'];
export const staffGreetings = ['Hello {first},', 'Dear {first},', 'Hi {first},', 'Hello,', 'Dear customer,'];
export const staffAsks = [
  'Could you please post the FTP and admin area access in the "Post access info" tab, so that we can investigate the problem on your server?',
  'Please send us the exact error message and the URL of the page where it happens.',
  'Which PHP and MySQL versions does your server run? You can see them in Admin area -> Summary.',
  'Did you apply any modifications to the default templates or to {file}?',
  'Could you enable the debug mode (Admin area -> General settings -> Maintenance) and reproduce the problem once more?',
  'Please check whether the problem also happens with the default skin.',
  'Could you tell us the order number of one of the affected orders?',
  'We could not reproduce the problem on a clean {v} installation. Please describe the exact steps.',
  'Please make a full backup (files and database) before we continue, and let us know when it is done.',
];
export const staffFollowUps = [
  'I have checked your store and found the reason.',
  'Thank you for the access details.',
  'We have investigated the problem.',
  'Sorry for the delay with the answer.',
  'Thank you for your patience.',
  'I have looked into this on your server.',
];
export const staffClosers = [
  'Please let us know if you have any further questions.',
  'Please make a backup of your store before applying any further changes.',
  'The fix will also be included in the next maintenance release.',
  'Please check and confirm that everything works on your side.',
  'If the problem appears again, just reply to this ticket.',
  'Feel free to contact us if you need any help.',
];
export const engineerNotes = [
  'Reproduced on a clean {v} install.',
  'Customer\'s server runs PHP 5.1 with safe_mode on; that explains the blank page.',
  'Looks like a bug in {file}; filed as {code} in the tracker.',
  'Access info checked: FTP works, the admin password does not.',
  'Configuration issue, not a bug. Rated {cost} points.',
  'Waiting for the customer to post access info.',
  'Same problem as #{ticket}; the patch from there applies.',
  'Escalated to the core team, the fix touches the checkout.',
  'Do not charge: the problem was caused by our own patch.',
  'Customer modified {file} heavily; be careful with the upgrade pack.',
  'Made a backup of the database before the change: backup_{code}.sql.gz.',
  'Checked the error log, nothing relevant since the 10th.',
];
export const dispatcherNotes = [
  'Classified as {type}, {cost} points. Forwarded to {dept}.',
  'HotRush: please pick up asap.',
  'Customer marks nearly every ticket Major; the standing rule applies.',
  'Possibly a duplicate of #{ticket}, please check before answering.',
  'Rated {cost} points.',
  'Forwarded to {dept}: not a tech question.',
  'Long-time customer, please handle with care.',
];
export const errorMessages = [
  'Fatal error: Call to a member function on a non-object',
  'Warning: Cannot modify header information - headers already sent',
  'INVALID SQL: 1054 : Unknown column \'p.forsale\' in \'where clause\'',
  'Smarty error: unable to read resource: "customer/main/cart.tpl"',
  'Transaction declined (error 10417)',
  'Parse error: syntax error, unexpected T_STRING',
  'Error: Access denied for user \'shop\'@\'localhost\'',
];
export const attachmentNames = {
  customer: ['screenshot.png', 'checkout-error.png', 'error_log.txt', 'phpinfo.html', 'cart.tpl', 'orders-export.csv', 'products.csv', 'design-mockup.pdf', 'invoice-scan.pdf'],
  staff: ['fix-checkout.diff', 'patch-{v}.tgz', 'instructions.pdf', 'corrected-import.csv', 'shipping-module.tgz'],
} as const;
