// The people in the demo office's shop and sales pipeline: invented names on example
// domains (RFC 2606), so no real person's address is ever written anywhere.

const shoppers = [
  ['Aisha', 'Khan'],
  ['Ben', 'Okafor'],
  ['Chloe', 'Dubois'],
  ['Daniel', 'Novak'],
  ['Elena', 'Rossi'],
  ['Farid', 'Haddad'],
  ['Grace', 'Murphy'],
  ['Hiro', 'Tanaka'],
  ['Ingrid', 'Larsen'],
  ['Jamal', 'Williams'],
  ['Katarzyna', 'Nowak'],
  ['Liam', "O'Brien"],
  ['Mei', 'Chen'],
  ['Nadia', 'Petrova'],
  ['Oscar', 'Silva'],
  ['Priya', 'Sharma'],
  ['Quentin', 'Moreau'],
  ['Rosa', 'Fernández'],
  ['Samuel', 'Adeyemi'],
  ['Tove', 'Lindqvist'],
] as const;

const leads = [
  ['Ursula', 'Becker', 'becker-bau.example'],
  ['Victor', 'Hugo', 'atelier-hugo.example'],
  ['Wendy', 'Clarke', 'clarke-and-co.example'],
  ['Xavier', 'Ortega', 'ortega-logistics.example'],
  ['Yuki', 'Sato', 'sato-design.example'],
  ['Zara', 'Ahmed', 'ahmed-foods.example'],
  ['Anton', 'Weber', 'weber-print.example'],
  ['Bianca', 'Costa', 'costa-cafe.example'],
] as const;

const mailbox = (first: string, last: string) =>
  `${first}.${last}`
    .normalize('NFD')
    .replace(/[^A-Za-z.]/g, '')
    .toLowerCase();

/** The shop's customers, as Shopify holds them. */
export const demoCustomers = shoppers.map(([first, last], i) => ({
  email: `${mailbox(first, last)}@example.com`,
  first_name: first,
  last_name: last,
  phone: `+44 7700 900${String(100 + i)}`,
  tags: i % 3 === 0 ? 'newsletter' : '',
}));

/** The sales team's people, as Pipedrive holds them (v2: emails as a list). */
export const demoLeads = leads.map(([first, last, domain]) => ({
  name: `${first} ${last}`,
  first_name: first,
  last_name: last,
  emails: [{ value: `${mailbox(first, last)}@${domain}`, primary: true, label: 'work' }],
}));

const products = [
  ['Stoneware mug', '14.00'],
  ['Linen tea towel', '12.50'],
  ['Oak chopping board', '39.00'],
  ['Enamel coffee pot', '45.00'],
  ['Wool throw', '89.00'],
  ['Beeswax candle', '9.50'],
] as const;

/** The shop's catalogue, as Shopify holds it. */
export const demoProducts = products.map(([title, price], i) => ({
  title,
  vendor: 'Corner Shop',
  product_type: 'Homeware',
  variants: [{ sku: `CS-${String(101 + i)}`, price }],
}));

/** The shop's orders: each customer bought a thing or two. */
export const demoOrders = demoCustomers.map((customer, i) => {
  const [title, price] = products[i % products.length]!;
  return {
    email: customer.email,
    financial_status: 'paid',
    currency: 'GBP',
    line_items: [{ title, quantity: 1 + (i % 2), price, sku: `CS-${String(101 + (i % products.length))}` }],
  };
});

/** The price list's columns, as its header row names them (row 1 of the sheet). */
export const priceListHeader = ['handle', 'title', 'price', 'sku', 'product_type'] as const;

/**
 * The price list the office edits in Google Sheets, one row per product: this season's
 * prices for the shop's catalogue (the mug and the candle went up) and three new products
 * not in the shop yet. Its `handle` is the product's address name in Shopify.
 */
export const demoPriceList: Record<(typeof priceListHeader)[number], string>[] = [
  ...products.map(([title, price], i) => ({
    handle: title.toLowerCase().replace(/ /g, '-'),
    title,
    price: i === 0 ? '15.00' : i === 5 ? '10.50' : price,
    sku: `CS-${String(101 + i)}`,
    product_type: 'Homeware',
  })),
  { handle: 'ceramic-bowl', title: 'Ceramic bowl', price: '18.00', sku: 'CS-107', product_type: 'Homeware' },
  { handle: 'cotton-apron', title: 'Cotton apron', price: '24.00', sku: 'CS-108', product_type: 'Textiles' },
  {
    handle: 'copper-kettle',
    title: 'Copper kettle',
    price: '65.00',
    sku: 'CS-109',
    product_type: 'Homeware',
  },
];
