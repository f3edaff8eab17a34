import { App } from 'cdktf';
import { NoSpamProxyMspStack } from './fleet';

const app = new App();
new NoSpamProxyMspStack(app, 'nospamproxy-msp');
app.synth();
