import { App } from 'cdktf';
import { FtapiMspStack } from './fleet';

const app = new App();
new FtapiMspStack(app, 'ftapi-msp');
app.synth();
