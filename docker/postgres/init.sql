-- One database per service (each holds that service's Axon event store and read models).
CREATE DATABASE catalog;
CREATE DATABASE orders;
CREATE DATABASE subscriptions;
CREATE DATABASE billing;
