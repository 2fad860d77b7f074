// One Xero firm's Projects data: a consultant, a project for a contact of the organisation, a time task
// at 150.00 GBP an hour, two locked entries and one still open.
import type { ProjectsSeed } from './projects-mock.ts';

export const contactId = '6d037c30-1b0e-4c8e-8a3c-3f6a2f0d5a11';
export const projectId = 'b1a2c3d4-0001-4a5b-8c6d-7e8f9a0b1c2d';

export const projectsFirm: ProjectsSeed = {
  users: [{ userId: '740add2a-a703-4b8a-a670-1093919c2040', name: 'Amelia Smith' }],
  projects: [{ projectId, contactId, name: 'Finance transformation', currency: 'GBP' }],
  tasks: [
    {
      taskId: '7be77337-feec-4458-bb1b-dbaa5a4aafce',
      projectId,
      name: 'Consulting',
      rate: '150.00',
      chargeType: 'TIME',
    },
  ],
  time: [
    {
      userId: '740add2a-a703-4b8a-a670-1093919c2040',
      projectId,
      taskId: '7be77337-feec-4458-bb1b-dbaa5a4aafce',
      date: '2026-07-01',
      minutes: 450,
      description: 'Process design workshop',
      status: 'LOCKED',
    },
    {
      userId: '740add2a-a703-4b8a-a670-1093919c2040',
      projectId,
      taskId: '7be77337-feec-4458-bb1b-dbaa5a4aafce',
      date: '2026-07-02',
      minutes: 20,
      description: 'Follow-up call',
      status: 'LOCKED',
    },
    {
      userId: '740add2a-a703-4b8a-a670-1093919c2040',
      projectId,
      taskId: '7be77337-feec-4458-bb1b-dbaa5a4aafce',
      date: '2026-07-03',
      minutes: 120,
      description: 'Not locked yet',
      status: 'ACTIVE',
    },
  ],
};
