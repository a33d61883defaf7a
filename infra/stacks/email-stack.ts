import { Stack, type StackProps } from 'aws-cdk-lib';
import * as ses from 'aws-cdk-lib/aws-ses';
import type * as sns from 'aws-cdk-lib/aws-sns';
import type { Construct } from 'constructs';
import { configurationSetName, type ParvisConfig } from '../config';

export interface EmailStackProps extends StackProps {
  config: ParvisConfig;
  /** Topic that receives SES events; a queue subscribed to it feeds record-ses-notification. */
  eventsTopic: sns.ITopic;
}

/**
 * SES configuration set of the stage. The sending identity (`mailFrom`'s domain) is NOT created
 * here: it must be verified in the account (DKIM records in DNS) and the account moved out of the
 * SES sandbox before the first deploy — see docs/operations.md. Keeping it outside the stack means
 * deleting a stage never un-verifies the domain.
 */
export class EmailStack extends Stack {
  readonly configurationSet: ses.ConfigurationSet;

  constructor(scope: Construct, id: string, props: EmailStackProps) {
    super(scope, id, props);

    this.configurationSet = new ses.ConfigurationSet(this, 'ConfigurationSet', {
      configurationSetName: configurationSetName(props.config),
      reputationMetrics: true,
      sendingEnabled: true,
      // Addresses that bounced are not tried again (on top of our own suppression). Not complaints:
      // a complaint stops mass mail only, and service mail the person needs (a password reset, a
      // receipt) still goes (shared/comms/suppression.ts); SES's own list would drop it as a bounce.
      suppressionReasons: ses.SuppressionReasons.BOUNCES_ONLY,
    });

    // Attached through the set's name, not its reference: CDK also writes the topic policy that lets
    // SES publish (in the messaging stack), and a reference there would make the stacks a cycle.
    const destination = new ses.ConfigurationSetEventDestination(this, 'ToSesEventsTopic', {
      configurationSet: ses.ConfigurationSet.fromConfigurationSetName(
        this,
        'ByName',
        configurationSetName(props.config),
      ),
      destination: ses.EventDestination.snsTopic(props.eventsTopic),
      // SEND proves SES accepted a mail whose answer the sender never got: it settles the message
      // instead of a resend (shared/comms/record-ses-notification.ts).
      events: [
        ses.EmailSendingEvent.SEND,
        ses.EmailSendingEvent.DELIVERY_DELAY,
        ses.EmailSendingEvent.BOUNCE,
        ses.EmailSendingEvent.COMPLAINT,
        ses.EmailSendingEvent.DELIVERY,
        ses.EmailSendingEvent.REJECT,
        ses.EmailSendingEvent.RENDERING_FAILURE,
      ],
    });
    destination.node.addDependency(this.configurationSet);
  }
}
