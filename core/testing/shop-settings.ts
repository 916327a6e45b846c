// Connection settings of a Shopify-like API (a shop name placed in the host, an API
// version with a default), shared by the connector and the app-settings tests.

export const shopSettings = [
  { name: 'shop', label: 'Shop name', required: true, example: 'my-shop' },
  {
    name: 'version',
    label: 'API version',
    type: 'select',
    default: '2025-07',
    options: [
      { value: '2025-07', label: 'July 2025' },
      { value: '2025-10', label: 'October 2025' },
    ],
  },
];
