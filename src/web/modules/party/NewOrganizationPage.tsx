import { OrganizationForm } from './OrganizationForm';

/** 新建单位客户 (/parties/new/organization). */
export default function NewOrganizationPage() {
  return <OrganizationForm />;
}
