import {
  databaseConnectorContract,
  serverSignInContract,
  type DatabaseFixture,
} from '../../testing/database-connector-suite.ts';
import { useDatabaseServer } from '../../testing/database-servers.ts';
import { mysqlConnector } from './mysql-connector.ts';

// The MySQL / MariaDB connector against a real MariaDB started for this file.

const server = useDatabaseServer('mariadb');

const fixture: DatabaseFixture = {
  definition: mysqlConnector,
  placeholder: () => '?',
  schema: [
    `CREATE TABLE customers (
       id int AUTO_INCREMENT PRIMARY KEY, email varchar(191) NOT NULL UNIQUE, name text,
       balance decimal(12, 2), updated_at datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6)) AUTO_INCREMENT = 100000`,
    'CREATE TABLE notes (id int AUTO_INCREMENT PRIMARY KEY, email varchar(191), body text)',
    'CREATE VIEW big_spenders AS SELECT id, email, balance FROM customers WHERE balance > 1000',
  ],
  oddTable: 'CREATE TABLE `odd"``name` (`key"``col` varchar(100) PRIMARY KEY, value text)',
  create: () => server.testDatabase(),
};

databaseConnectorContract(fixture);

serverSignInContract(fixture);
