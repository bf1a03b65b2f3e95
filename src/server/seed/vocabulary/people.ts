/** Names the seed draws its customers, companies and extra staff from. */

export const firstNames = [
  'James', 'Mary', 'John', 'Patricia', 'Robert', 'Jennifer', 'Michael', 'Linda', 'William', 'Elizabeth', 'David', 'Barbara', 'Richard', 'Susan',
  'Joseph', 'Jessica', 'Thomas', 'Sarah', 'Charles', 'Karen', 'Daniel', 'Nancy', 'Matthew', 'Lisa', 'Anthony', 'Betty', 'Mark', 'Sandra', 'Paul',
  'Ashley', 'Steven', 'Kimberly', 'Andrew', 'Emily', 'Kevin', 'Donna', 'Brian', 'Michelle', 'George', 'Carol', 'Oliver', 'Sophie', 'Lukas',
  'Hannah', 'Pierre', 'Camille', 'Marco', 'Giulia', 'Sven', 'Ingrid', 'Pavel', 'Olga', 'Raj', 'Priya', 'Kenji', 'Yuki', 'Diego', 'Lucia',
  'Ahmed', 'Fatima', 'Tom', 'Anna', 'Jan', 'Eva', 'Mikko', 'Aino',
];
export const lastNames = [
  'Smith', 'Johnson', 'Williams', 'Brown', 'Jones', 'Miller', 'Davis', 'Wilson', 'Anderson', 'Taylor', 'Thomas', 'Moore', 'Martin', 'Jackson',
  'Thompson', 'White', 'Harris', 'Clark', 'Lewis', 'Robinson', 'Walker', 'Young', 'Allen', 'King', 'Wright', 'Scott', 'Green', 'Baker', 'Adams',
  'Nelson', 'Hill', 'Campbell', 'Mitchell', 'Roberts', 'Carter', 'Phillips', 'Evans', 'Turner', 'Parker', 'Collins', 'Edwards', 'Stewart',
  'Mueller', 'Schmidt', 'Dubois', 'Moreau', 'Rossi', 'Bianchi', 'Lindqvist', 'Hansen', 'Novak', 'Ivanova', 'Sharma', 'Patel', 'Tanaka', 'Sato',
  'Garcia', 'Lopez', 'Haddad', 'Kowalski', 'Virtanen', 'Jansen', 'OBrien', 'Murphy',
];
export const companyFirst = [
  'Blue Harbor', 'Crimson Oak', 'Silver Fern', 'Golden Gate', 'Northwind', 'Red Maple', 'Green Valley', 'Sunrise', 'Pine Ridge', 'Urban',
  'Coastal', 'Summit', 'Lakeside', 'Old Mill', 'Bright Star', 'Iron Bridge', 'Cedar Creek', 'Riverstone', 'Highland', 'Copper Kettle', 'Wild Rose',
  'Evergreen', 'Maple Leaf', 'Harborview', 'Stonewall', 'Willow', 'Blackbird', 'Prairie', 'Seaside', 'Oakwood', 'Velvet', 'Atlas', 'Nordic',
  'Alpine', 'Sapphire', 'Amber', 'Hillcrest', 'Meadow', 'Falcon', 'Orchard', 'Granite', 'Lighthouse', 'Bluebell', 'Foxglove', 'Driftwood',
  'Starlight', 'Thistle', 'Juniper', 'Moonstone', 'Redwood',
];
export const companySecond = [
  'Outfitters', 'Crafts', 'Electronics', 'Books', 'Pet Supply', 'Tea Company', 'Coffee Roasters', 'Garden Center', 'Toys', 'Apparel', 'Jewelry',
  'Home Goods', 'Bike Shop', 'Wine Cellar', 'Music Store', 'Art Supplies', 'Outdoor Gear', 'Cosmetics', 'Kitchenware', 'Gifts', 'Hardware',
  'Sports', 'Candles', 'Leather Goods', 'Shoes', 'Optics', 'Furniture', 'Textiles', 'Pharmacy', 'Bakery Supplies', 'Auto Parts', 'Computers',
  'Stationery', 'Fishing Tackle', 'Games', 'Lighting', 'Perfumery', 'Baby Store', 'Fabrics', 'Ceramics',
];
export const companyQualifiers = ['& Sons', 'Trading', 'Direct', 'Online', 'Express', 'International', 'Studio', 'Depot', 'Emporium', 'House', 'Market', 'Boutique', 'Collective', 'Works', 'Outlet'];
export const companySuffix = ['Ltd', 'LLC', 'Inc.', 'GmbH', 'Co.', '', '', 'S.A.', 'Oy', 'B.V.'];
export const staffExtra: Array<{ first: string; last: string; role: 'staff.engineer' | 'staff.billing' | 'staff.dispatcher'; departments: string[] }> = [
  { first: 'Tanya', last: 'Orlova', role: 'staff.engineer', departments: ['Tech support'] },
  { first: 'Mike', last: 'Brennan', role: 'staff.engineer', departments: ['Tech support'] },
  { first: 'Ravi', last: 'Kumar', role: 'staff.engineer', departments: ['Tech support'] },
  { first: 'Lena', last: 'Fischer', role: 'staff.engineer', departments: ['Tech support'] },
  { first: 'Dmitry', last: 'Sokolov', role: 'staff.engineer', departments: ['Tech support', 'Projects'] },
  { first: 'Grace', last: 'Okafor', role: 'staff.engineer', departments: ['Tech support'] },
  { first: 'Hugo', last: 'Lambert', role: 'staff.engineer', departments: ['Projects'] },
  { first: 'Ines', last: 'Carvalho', role: 'staff.engineer', departments: ['Projects'] },
  { first: 'Sam', last: 'Porter', role: 'staff.billing', departments: ['Sales'] },
  { first: 'Nina', last: 'Vasquez', role: 'staff.billing', departments: ['Sales'] },
  { first: 'Oscar', last: 'Lindgren', role: 'staff.billing', departments: ['Billing'] },
  { first: 'Petra', last: 'Horvat', role: 'staff.dispatcher', departments: [] },
];
export const regions = ['California', 'Ontario', 'EU', 'UK', 'New York', 'Quebec', 'Texas', 'Germany'];
