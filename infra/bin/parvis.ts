import { App } from 'aws-cdk-lib';
import { createParvis } from '../app';
import { readConfig } from '../config';
import { addNagChecks } from '../nag';

// npx cdk synth -c stage=prod -c mailFrom=billetterie@example.org -c opsEmail=ops@example.org
const app = new App();
createParvis(app, readConfig(app));
addNagChecks(app);
app.synth();
