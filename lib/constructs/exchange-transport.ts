export { ExchangeTransport } from '../core/enums';
