import Paper from '@mui/material/Paper';
import type { Metadata } from 'next';
import { PageHeader } from '@/components/page-header';
import { requireStaffPage } from '@/lib/auth/session';
import { PolicyHolderForm } from '../policy-holder-form';

export const metadata: Metadata = { title: 'New policy holder' };

export default async function NewPolicyHolderPage() {
  await requireStaffPage('policyholder.write');
  return (
    <>
      <PageHeader title="New policy holder" />
      <Paper variant="outlined" sx={{ p: 3 }}>
        <PolicyHolderForm />
      </Paper>
    </>
  );
}
