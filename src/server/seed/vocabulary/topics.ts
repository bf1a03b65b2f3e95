/** What the demo tickets are about: per ticket type, subjects, problems and answers. */
import type { TicketType } from '../../../shared/domain/model';

export interface Topic {
  subjects: readonly string[];
  problem: readonly string[];
  answer: readonly string[];
  department?: 'Billing';
}

export const techTopics: readonly Topic[] = [
  {
    subjects: ['Checkout page blank after upgrade to {v}', 'Blank page on checkout since the {v} upgrade', 'Empty checkout page ({p} {v})'],
    problem: ['After we upgraded our store to {v} yesterday the checkout page shows a completely blank page. The cart itself works, but as soon as a customer clicks "Checkout" nothing is displayed.',
      'Since the upgrade to {v} the checkout step is empty: no error, no HTML, just a white page. View source shows nothing at all.'],
    answer: ['The blank page was caused by a PHP fatal error in {file}: the upgrade pack did not replace one of the modified templates. I have merged your changes into the new template and the checkout works again.',
      'Your server has display_errors switched off, so the fatal error "Call to undefined function func_get_langvar_by_name()" was hidden. The file {file} was left from the previous version; I replaced it with the one from the {v} distribution.'],
  },
  {
    subjects: ['Payment via {gateway} fails with error {code}', '{gateway}: transaction declined with code {code}', 'Cannot accept payments through {gateway}'],
    problem: ['All payments through {gateway} fail since this morning with the error code {code}. The customers are redirected back to the cart with "Transaction declined" although their cards are fine.',
      'Our customers cannot pay with {gateway}. The order gets status "Failed" and the log shows response code {code}.'],
    answer: ['Error {code} means that the gateway rejected the request because the transaction key is wrong. It looks like {gateway} regenerated your key; please update it in Admin area -> Payment methods -> {gateway} -> Configure.',
      'The gateway changed its API endpoint and your module still posts to the old URL. I have applied the patch for {file}; please place a test order to confirm.'],
  },
  {
    subjects: ['Cannot log in to the admin area after moving to a new server', 'Admin login redirects back to the login form', 'Locked out of admin panel'],
    problem: ['We moved the store to a new hosting account and now the admin login just reloads the login page, without any error message.',
      'Since yesterday nobody can log in to the admin area. The password is correct (we reset it twice), but we are always redirected back to the login form.'],
    answer: ['The session cookies were issued for the old domain: $xcart_http_host in config.php still pointed to the old server. I corrected the host settings and you can log in again.',
      'The sessions directory on the new server was not writable, so the session was lost after every request. I changed the permissions of var/sessions to 777 (your host runs PHP as the Apache user).'],
  },
  {
    subjects: ['Product images not displayed in category list', 'Thumbnails missing on category pages', 'Images broken after moving images to file system'],
    problem: ['The product thumbnails are missing on all category pages. On the product page itself the image is shown correctly.',
      'After we switched image storage from the database to the file system all thumbnails show as broken images.'],
    answer: ['The images were moved to the file system but the web server cannot read the images/T directory. I fixed the permissions and regenerated the thumbnails.',
      'The thumbnail URLs were built from the HTTP host while your store is on HTTPS only. I updated the image location settings and cleared the templates cache.'],
  },
  {
    subjects: ['Shipping rates from {carrier} are not calculated', '{carrier} real-time rates return nothing', 'No shipping methods available at checkout'],
    problem: ['At checkout the customers see "No shipping methods available". We use real-time rates from {carrier} and it worked until last week.',
      '{carrier} real-time rates stopped working. Only the flat rate method appears at checkout.'],
    answer: ['{carrier} retired the old rating API. I have installed the updated shipping module for {v}; rates are returned again for domestic and international addresses.',
      'The weights of several products were 0, and {carrier} refuses to quote a zero weight. I set a default weight in the shipping options; please check your product weights as well.'],
  },
  {
    subjects: ['Fatal error: Allowed memory size exhausted in {file}', 'PHP memory limit error on the products page', 'Memory exhausted error after adding products'],
    problem: ['We get "Fatal error: Allowed memory size of 33554432 bytes exhausted (tried to allocate 71 bytes) in {file}" when opening the products list in the admin area.',
      'Since we imported about {n} products the storefront shows a memory limit error on some pages.'],
    answer: ['The memory limit of 32M is too low for a catalog of this size. I raised memory_limit to 128M in .htaccess; please ask your host to raise it in php.ini permanently.',
      'The category tree was being loaded completely on every page. I enabled the category cache (Admin area -> General settings -> Performance), which fixes the memory error.'],
  },
  {
    subjects: ['Order notification emails are not sent', 'Customers do not receive order confirmation emails', 'No emails from the store since {date}'],
    problem: ['Neither we nor our customers receive the order notification emails any more. Orders are placed correctly.',
      'Our customers complain that they never got an order confirmation. The admin notifications do not arrive either.'],
    answer: ['The PHP mail() function is disabled on your new server. I switched the store to SMTP using the mail server of your hosting account; test emails are delivered now.',
      'The emails were rejected by the receiving servers because the "From" address used a domain without an SPF record. I changed the sender address to orders@ your domain; please add the SPF record as well.'],
  },
  {
    subjects: ['Category pages load very slowly ({n} products)', 'Store became very slow', 'Storefront takes 20 seconds to load'],
    problem: ['Our category pages take 15-20 seconds to load. We have around {n} products and the server is not overloaded.',
      'The store has become very slow during the last weeks, especially the home page and the search.'],
    answer: ['Two indexes were missing on the products table after the upgrade. I added them and the category pages now load in under a second.',
      'The statistics module was writing a row for every page view into a table with several million rows. I cleaned the table and disabled the detailed statistics.'],
  },
  {
    subjects: ['Search returns no results for product codes', 'Product search does not find SKUs', 'Search broken after import'],
    problem: ['When a customer searches by product code (SKU) the search returns nothing, although the products exist and are enabled.',
      'After the last import the search does not find any of the new products.'],
    answer: ['The search by SKU was disabled in the search settings. I enabled "Search in product code" and it works now.',
      'The imported products had no entries in the search index. I rebuilt the index from Admin area -> Tools -> Rebuild search index.'],
  },
  {
    subjects: ['Mixed content warnings on the HTTPS checkout', 'Browser shows "not secure" on checkout', 'SSL padlock missing on payment page'],
    problem: ['Browsers show a warning that the checkout page is not fully secure. Our SSL certificate is valid.',
      'On the payment step the padlock is crossed out and Internet Explorer asks whether to display the nonsecure items.'],
    answer: ['Several images in your custom header were linked with http:// URLs. I changed them to relative URLs in the skin templates; the checkout is fully secure now.',
      'The banner script you added to the footer loads over HTTP. I moved it to the non-secure pages only.'],
  },
  {
    subjects: ['Orders export to CSV produces broken file', 'Exported orders file cannot be opened in Excel', 'CSV export cuts off after 500 orders'],
    problem: ['When we export orders to CSV the file is cut off and Excel shows the columns shifted.',
      'The orders export stops after about 500 orders and the resulting file is incomplete.'],
    answer: ['Some customer notes contained line breaks and semicolons, which broke the CSV. I applied the export fix for {v} that quotes such fields.',
      'The export hit the PHP execution time limit. I set the export to run in chunks of 200 orders; the full export works now.'],
  },
  {
    subjects: ['Customers are logged out when adding to cart', 'Cart empties randomly', 'Session lost between pages'],
    problem: ['Some customers report that the cart becomes empty or they are logged out after adding a product.',
      'Randomly the cart loses its contents when the customer moves from the product page to the cart.'],
    answer: ['Your store is accessible both with and without "www", and the cookies were set for one of them only. I added a redirect to the www host in .htaccess.',
      'The session garbage collector on your server removes sessions after 3 minutes. I set the session lifetime in the store settings to 1 hour.'],
  },
  {
    subjects: ['Taxes calculated twice for {region} customers', 'Wrong tax amount at checkout', 'Sales tax applied to shipping by mistake'],
    problem: ['For customers from {region} the tax is added twice at checkout.',
      'The tax amount at checkout does not match our tax rates for {region}.'],
    answer: ['You had two tax rates defined for the same zone ({region}). I removed the duplicate rate and checked the totals with a test order.',
      'The "Apply tax to shipping" option was enabled for the {region} zone. I disabled it as you requested.'],
  },
  {
    subjects: ['Upgrade from {vOld} to {v} failed', 'Upgrade pack {vOld}-{v} reports failed patches', 'Problems after upgrading to {v}'],
    problem: ['We tried to upgrade from {vOld} to {v} with the upgrade pack and it reported failed patches for several files.',
      'The upgrade from {vOld} to {v} stopped halfway and now parts of the store show errors.'],
    answer: ['The failed patches were in templates you had customized. I applied the changes manually and finished the upgrade; please review your custom design.',
      'I restored the files from your backup and ran the upgrade again with the corrected patch. The store now runs {v}.'],
  },
  {
    subjects: ['Installing the {addon} add-on breaks the product page', '{addon} add-on: product page error', 'Error after enabling {addon}'],
    problem: ['After installing the {addon} add-on the product pages show a Smarty error.',
      'We enabled {addon} and now some product pages show "Error: template not found".'],
    answer: ['The add-on templates were installed into the default skin only, while you use a custom skin. I copied the templates to your skin directory.',
      'The {addon} version you installed is for an older release. I have uploaded the version for {v} to your File area and installed it.'],
  },
  {
    subjects: ['Gift certificates cannot be applied at checkout', 'Coupon codes ignored on sale items', 'Discount not applied to the order total'],
    problem: ['Customers enter a valid gift certificate or coupon code but the discount is not applied to the order total.',
      'The discount coupon is accepted but the total does not change.'],
    answer: ['The coupon was limited to a category that does not contain the sale items. I changed the coupon to apply to the whole order.',
      'This is a known issue of {v}; I applied the fix from the upcoming maintenance release to {file}.'],
  },
  {
    subjects: ['Import of {n} products stops halfway', 'Product import timeout', 'CSV import: "Wrong format" error'],
    problem: ['We try to import {n} products from a CSV file but the import stops after a few thousand rows without an error.',
      'The import reports "Wrong format of the data" although the file was exported from the same store.'],
    answer: ['The import hit the server time limit. I split your file into several parts and imported all {n} products.',
      'The file was saved by Excel with a different delimiter. Please save it as CSV with ";" as the separator, or use the attached corrected file.'],
  },
  {
    subjects: ['Template changes do not show up', 'Changes in skin templates have no effect', 'Cannot change the home page text'],
    problem: ['We edited the home page template but the storefront still shows the old text.',
      'Our designer changed several templates, but nothing changes in the storefront.'],
    answer: ['The compiled templates cache was not cleared. I cleaned the templates_c directory; your changes are visible now.',
      'Your designer edited the templates of the default skin, but the store uses another one. I moved the changes to the active skin.'],
  },
  {
    subjects: ['Database error after restoring backup', 'SQL error on every page after restore', 'Table crashed error'],
    problem: ['After we restored a database backup every page shows "INVALID SQL: 1146 : Table does not exist".',
      'The storefront shows "Table is marked as crashed and should be repaired".'],
    answer: ['The backup was restored into a database with a different table prefix. I renamed the tables and the store works again.',
      'The sessions table was crashed. I repaired it with REPAIR TABLE and set up a weekly check in your cron.'],
  },
  {
    subjects: ['Security patch for {v}: how to apply?', 'Do we need the latest security fix?', 'Question about the security advisory'],
    problem: ['We received the security advisory. Does it apply to {v} and how do we apply the patch?',
      'Is our store ({p} {v}) affected by the vulnerability from the latest security alert?'],
    answer: ['Yes, {v} is affected. The patch is in your File area under "X-Cart supporting files for prev versions"; I have already applied it to your store.',
      'Your version is affected. I applied the patch to {file} and checked that the storefront and the admin area work normally.'],
  },
  {
    subjects: ['Inventory not updated after order is placed', 'Stock levels wrong', 'Products show "out of stock" while in stock'],
    problem: ['The stock levels are not decreased when an order is placed.',
      'Several products show "Out of stock" although we have them in stock and the quantity is set correctly.'],
    answer: ['Inventory tracking was disabled for the product variants. I enabled it in the general settings and recalculated the stock.',
      'The products had variants with zero stock, and the store treats the product as out of stock if the default variant is. I set another default variant.'],
  },
];
export const salesTopics: readonly Topic[] = [
  {
    subjects: ['Upgrade from {p} Gold to Pro: price?', 'Price for upgrading to the Pro edition'],
    problem: ['We would like to upgrade our license to the Pro edition. What is the price and do we keep our add-ons?'],
    answer: ['The upgrade costs the difference between the editions. Your add-ons remain registered to the license. I have issued an invoice in the "Invoices" section of your account.'],
  },
  {
    subjects: ['Need a second license for a new store', 'License for an additional domain'],
    problem: ['We are opening a second store on another domain. Do we need another license or can we use the existing one?'],
    answer: ['Each license is valid for one store URL, so the second store needs its own license. You can order it on the "Buy products/services" page; the order is usually verified within one business day.'],
  },
  {
    subjects: ['Change hosting plan to {plan}', 'Upgrade our hosting plan', 'Hosting plan change request'],
    problem: ['Our store has grown and we need more space. Please move our hosting to the {plan} plan.'],
    answer: ['I have scheduled the move to the {plan} plan for tonight; the store will be unavailable for about 10 minutes. The difference will be invoiced with the next renewal.'],
  },
  {
    subjects: ['Is {addon} compatible with {v}?', 'Question about the {addon} add-on'],
    problem: ['Before we buy the {addon} add-on: is it compatible with {p} {v} and our custom skin?'],
    answer: ['Yes, {addon} supports {v}. Custom skins may need small template changes; our Projects team can do them if you wish.'],
  },
  {
    subjects: ['Buying a support points package', 'Which support points package should we buy?'],
    problem: ['How many support points do we need for a month of regular questions? Is there a discount for larger packages?'],
    answer: ['Most of our customers of your size use 25-50 points a month. The 100 points package comes with a discount of about 10%.'],
  },
  {
    subjects: ['Invoice #{n}: payment by bank transfer', 'Can we pay the invoice by wire transfer?'],
    problem: ['We would like to pay invoice #{n} by bank transfer instead of credit card. Please send us your bank details.'],
    answer: ['Of course. Our bank details are in the attached PDF; please put the invoice number in the payment reference. The order is verified as soon as the payment arrives.'],
    department: 'Billing',
  },
  {
    subjects: ['Our order is still pending', 'Where is my license after payment?'],
    problem: ['We paid for the license two days ago but it still has the "Pending" status and the File area is empty.'],
    answer: ['Your order has been verified and the license is active now; the files are available in your File area. Sorry for the delay.'],
    department: 'Billing',
  },
  {
    subjects: ['VAT number on invoices', 'Please add our VAT ID to the invoice'],
    problem: ['Please add our VAT number to the invoices; our accountant needs it for the reverse charge.'],
    answer: ['I have added your VAT number to the account profile; it will be printed on all new invoices and I reissued the last one.'],
    department: 'Billing',
  },
  {
    subjects: ['Refund request for unused support points', 'Can we get a refund?'],
    problem: ['We bought a larger points package than we need. Is it possible to get a refund for the unused points?'],
    answer: ['Support points are not refundable, but they do not expire and can be transferred along with a license. I added a note to your account.'],
    department: 'Billing',
  },
  {
    subjects: ['Reseller program for web agencies', 'Partner discount for our agency'],
    problem: ['We are a web agency and build several stores a year. Do you have a reseller or partner program?'],
    answer: ['Yes, agencies get a partner discount starting with the third license. I have sent the partner agreement to your contact email.'],
  },
];
export const projectTopics: readonly Topic[] = [
  {
    subjects: ['Install {p} {v} on our server', 'Installation service for {p}'],
    problem: ['We ordered the installation service. The server is ready; access details are posted in the access info tab.'],
    answer: ['The installation is complete: {p} {v} runs at your URL, the admin account was sent to your contact email. Please change the password after the first login.'],
  },
  {
    subjects: ['Custom shipping module for {carrier}', 'Quote for a custom {carrier} integration'],
    problem: ['We need a custom shipping module for {carrier} with our negotiated rates. Could you give us a quote?'],
    answer: ['The module is ready and installed on your store; it uses your negotiated rates table. The estimate was 12 hours, the work took 10.'],
  },
  {
    subjects: ['Design integration: new skin from our designer', 'Convert our PSD design into a skin'],
    problem: ['Our designer prepared a new design (PSD files attached). Please convert it into a skin for our store.'],
    answer: ['The new skin is installed on a copy of your store for review. Please check it and tell us if anything should be changed before we switch the live store.'],
  },
  {
    subjects: ['Migration of products from osCommerce', 'Move our catalog from another shopping cart'],
    problem: ['We want to move our catalog and customer accounts from osCommerce to {p}. About {n} products.'],
    answer: ['All {n} products, categories and customer accounts were migrated. Customer passwords cannot be migrated, so the customers will be asked to set a new one.'],
  },
  {
    subjects: ['Upgrade our store from {vOld} to {v}', 'Upgrade service request'],
    problem: ['Please upgrade our heavily customized store from {vOld} to {v}. We want to keep all modifications.'],
    answer: ['The upgrade to {v} is done on the copy of your store; all customizations were ported. Please test it, and we will switch the live store at a time you choose.'],
  },
  {
    subjects: ['Integration with our ERP (CSV export)', 'Automatic order export for our warehouse'],
    problem: ['Our warehouse system needs a daily CSV export of new orders in a specific format (attached).'],
    answer: ['The export runs every night at 02:00 and uploads the file to your FTP server in the requested format.'],
  },
];
export const complaintTopics: readonly Topic[] = [
  {
    subjects: ['Ticket #{ticket} not answered for days', 'Nobody answers our ticket #{ticket}'],
    problem: ['Our ticket #{ticket} has been waiting for an answer for three days. This is not the service we pay for.'],
    answer: ['I apologize for the delay in ticket #{ticket}; it was waiting in the wrong department. It has been answered now, and we will not charge points for it.'],
  },
  {
    subjects: ['Points charged for a bug in your software', 'Why were we charged for ticket #{ticket}?'],
    problem: ['We were charged support points for ticket #{ticket}, although the problem was a bug in your software.'],
    answer: ['You are right, the problem in #{ticket} was a bug. I have credited the points back to your account.'],
  },
  {
    subjects: ['Your engineer broke our product pages', 'Changes made by support broke the store'],
    problem: ['After your engineer applied a fix yesterday several product pages show errors. Please fix this immediately.'],
    answer: ['The patch overwrote one of your custom templates. We restored it from the backup made before the change; everything works again. Sorry for the trouble.'],
  },
  {
    subjects: ['HotRush ticket took hours to answer', 'We paid for HotRush and waited 5 hours'],
    problem: ['We marked ticket #{ticket} as HotRush and the first answer came after five hours.'],
    answer: ['The HotRush ticket was delayed because of a problem in our queue. The HotRush surcharge has been refunded to your account.'],
  },
];
export const topicsByType: Record<Exclude<TicketType, 'log'>, readonly Topic[]> = { tech: techTopics, sales: salesTopics, project: projectTopics, complaint: complaintTopics };
