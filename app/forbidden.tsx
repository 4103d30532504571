import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Typography from '@mui/material/Typography';

export default function Forbidden() {
  return (
    <Box component="main" sx={{ p: 6, maxWidth: 560, mx: 'auto', textAlign: 'center' }}>
      <Typography variant="h4" component="h1" gutterBottom>
        Access denied
      </Typography>
      <Typography sx={{ mb: 3 }}>Your account does not have access to this page.</Typography>
      <Button variant="contained" href="/">
        Go to my home page
      </Button>
    </Box>
  );
}
