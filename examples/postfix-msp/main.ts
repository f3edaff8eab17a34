import { App } from 'cdktf';
import { PostfixMspStack } from './fleet';

const app = new App();
new PostfixMspStack(app, 'postfix-msp');
app.synth();
