import { lazy, Suspense, type ComponentType, type LazyExoticComponent, type ReactNode } from 'react';
import type { MenuProps } from 'antd';
import { matchPath } from 'react-router-dom';
import {
  AccountBookOutlined,
  AlertOutlined,
  ApartmentOutlined,
  AppstoreOutlined,
  AuditOutlined,
  BarChartOutlined,
  CalculatorOutlined,
  CameraOutlined,
  CarOutlined,
  CheckSquareOutlined,
  ContactsOutlined,
  ControlOutlined,
  DesktopOutlined,
  FileProtectOutlined,
  FileSearchOutlined,
  FileTextOutlined,
  FormOutlined,
  HeartOutlined,
  HomeOutlined,
  IdcardOutlined,
  InsuranceOutlined,
  PhoneOutlined,
  ProfileOutlined,
  SafetyCertificateOutlined,
  SafetyOutlined,
  SettingOutlined,
  SyncOutlined,
  TableOutlined,
  TeamOutlined,
  UnorderedListOutlined,
} from '@ant-design/icons';
import type { Me } from '../contracts/system';
import type { MessageKey, Translate } from './app/i18n';
import { hasPermission, useMe } from './app/session';
import { ForbiddenResult, PageLoading } from './components/results';

/**
 * The one route table of the signed-in app. The side menu, the router and the permission guards
 * are all derived from it: add a page here and it appears everywhere it should.
 */
export interface AppRoute {
  /** Absolute path; for a menu group, a key that prefixes its children. */
  path: string;
  labelKey: MessageKey;
  icon?: ReactNode;
  /** The permission (module:action) needed to see the page; none = every signed-in user. */
  permission?: string;
  element?: LazyExoticComponent<ComponentType>;
  hideInMenu?: boolean;
  /** A menu group: its pages. */
  children?: AppRoute[];
}

export const appRoutes: AppRoute[] = [
  {
    path: '/',
    labelKey: 'nav.home',
    icon: <HomeOutlined />,
    element: lazy(() => import('./modules/home/HomePage')),
  },
  {
    path: '/party',
    labelKey: 'nav.partyGroup',
    icon: <ContactsOutlined />,
    children: [
      {
        path: '/parties',
        labelKey: 'nav.parties',
        icon: <UnorderedListOutlined />,
        permission: 'party:read',
        element: lazy(() => import('./modules/party/PartiesPage')),
      },
      {
        path: '/parties/new/person',
        labelKey: 'nav.partyNewPerson',
        permission: 'party:write',
        hideInMenu: true,
        element: lazy(() => import('./modules/party/NewPersonPage')),
      },
      {
        path: '/parties/new/organization',
        labelKey: 'nav.partyNewOrganization',
        permission: 'party:write',
        hideInMenu: true,
        element: lazy(() => import('./modules/party/NewOrganizationPage')),
      },
      {
        path: '/parties/import',
        labelKey: 'nav.partyImport',
        permission: 'party:import',
        hideInMenu: true,
        element: lazy(() => import('./modules/party/PartyImportPage')),
      },
      {
        path: '/parties/:id',
        labelKey: 'nav.partyDetail',
        permission: 'party:read',
        hideInMenu: true,
        element: lazy(() => import('./modules/party/PartyDetailPage')),
      },
      {
        path: '/parties/:id/edit',
        labelKey: 'nav.partyEdit',
        permission: 'party:write',
        hideInMenu: true,
        element: lazy(() => import('./modules/party/PartyEditPage')),
      },
    ],
  },
  {
    path: '/product',
    labelKey: 'nav.productGroup',
    icon: <AppstoreOutlined />,
    children: [
      {
        path: '/products',
        labelKey: 'nav.products',
        icon: <ProfileOutlined />,
        permission: 'product:read',
        element: lazy(() => import('./modules/product/ProductsPage')),
      },
      {
        path: '/products/quote',
        labelKey: 'nav.productQuote',
        icon: <CalculatorOutlined />,
        permission: 'rating:quote',
        element: lazy(() => import('./modules/product/ProductQuotePage')),
      },
      {
        path: '/products/diff',
        labelKey: 'nav.productDiff',
        permission: 'product:read',
        hideInMenu: true,
        element: lazy(() => import('./modules/product/DiffPage')),
      },
      {
        path: '/products/versions/:id',
        labelKey: 'nav.productVersion',
        permission: 'product:read',
        hideInMenu: true,
        element: lazy(() => import('./modules/product/VersionPage')),
      },
      {
        path: '/products/:id',
        labelKey: 'nav.productDetail',
        permission: 'product:read',
        hideInMenu: true,
        element: lazy(() => import('./modules/product/ProductDetailPage')),
      },
    ],
  },
  {
    path: '/policy-admin',
    labelKey: 'nav.policyGroup',
    icon: <FileProtectOutlined />,
    children: [
      {
        path: '/proposals',
        labelKey: 'nav.proposals',
        icon: <FileSearchOutlined />,
        permission: 'proposal:read',
        element: lazy(() => import('./modules/policy/ProposalsPage')),
      },
      {
        path: '/proposals/new/motor',
        labelKey: 'nav.proposalNewMotor',
        icon: <CarOutlined />,
        permission: 'proposal:write',
        element: lazy(() => import('./modules/policy/MotorWizardPage')),
      },
      {
        path: '/proposals/new/life',
        labelKey: 'nav.proposalNewLife',
        icon: <HeartOutlined />,
        permission: 'proposal:write',
        element: lazy(() => import('./modules/policy/LifeWizardPage')),
      },
      {
        path: '/proposals/:id',
        labelKey: 'nav.proposalDetail',
        permission: 'proposal:read',
        hideInMenu: true,
        element: lazy(() => import('./modules/policy/ProposalDetailPage')),
      },
      {
        path: '/proposals/:id/edit',
        labelKey: 'nav.proposalEdit',
        permission: 'proposal:write',
        hideInMenu: true,
        element: lazy(() => import('./modules/policy/ProposalEditPage')),
      },
      {
        path: '/underwriting',
        labelKey: 'nav.underwriting',
        icon: <AuditOutlined />,
        permission: 'proposal:underwrite',
        element: lazy(() => import('./modules/policy/UnderwritingPages').then((m) => ({ default: m.UnderwritingQueuePage }))),
      },
      {
        path: '/underwriting/:id',
        labelKey: 'nav.underwritingDecision',
        permission: 'proposal:underwrite',
        hideInMenu: true,
        element: lazy(() => import('./modules/policy/UnderwritingPages').then((m) => ({ default: m.UnderwritingDecisionPage }))),
      },
      {
        path: '/collection',
        labelKey: 'nav.collection',
        icon: <AccountBookOutlined />,
        permission: 'proposal:collect',
        element: lazy(() => import('./modules/policy/CollectionPage')),
      },
      {
        path: '/policy-settings',
        labelKey: 'nav.policySettings',
        icon: <ControlOutlined />,
        permission: 'policy:configure',
        element: lazy(() => import('./modules/policy/PolicySettingsPage')),
      },
    ],
  },
  {
    path: '/policy',
    labelKey: 'nav.policyServiceGroup',
    icon: <SafetyOutlined />,
    children: [
      {
        path: '/policies',
        labelKey: 'nav.policies',
        icon: <FileTextOutlined />,
        permission: 'policy:read',
        element: lazy(() => import('./modules/policy/PoliciesPage')),
      },
      {
        path: '/policies/:id',
        labelKey: 'nav.policyDetail',
        permission: 'policy:read',
        hideInMenu: true,
        element: lazy(() => import('./modules/policy/PolicyDetailPage')),
      },
      {
        path: '/policies/:id/endorse',
        labelKey: 'nav.endorse',
        permission: 'endorsement:request',
        hideInMenu: true,
        element: lazy(() => import('./modules/policy/EndorsementWizardPage')),
      },
      {
        path: '/endorsements',
        labelKey: 'nav.endorsements',
        icon: <FormOutlined />,
        permission: 'endorsement:request',
        element: lazy(() => import('./modules/policy/EndorsementsPage').then((m) => ({ default: m.EndorsementSearchPage }))),
      },
      {
        path: '/endorsements/approval',
        labelKey: 'nav.endorsementApprovals',
        icon: <CheckSquareOutlined />,
        permission: 'endorsement:approve',
        element: lazy(() => import('./modules/policy/EndorsementsPage').then((m) => ({ default: m.EndorsementApprovalsPage }))),
      },
      {
        path: '/renewals',
        labelKey: 'nav.renewals',
        icon: <SyncOutlined />,
        permission: 'policy:renew',
        element: lazy(() => import('./modules/policy/RenewalsPage')),
      },
    ],
  },
  {
    path: '/claim',
    labelKey: 'nav.claimGroup',
    icon: <AlertOutlined />,
    children: [
      { path: '/claims/new', labelKey: 'nav.claimReport', icon: <PhoneOutlined />, permission: 'claim:report', element: lazy(() => import('./modules/claim/ClaimReportPage')) },
      { path: '/claims', labelKey: 'nav.claims', icon: <UnorderedListOutlined />, permission: 'claim:read', element: lazy(() => import('./modules/claim/ClaimsPage')) },
      { path: '/claims/dashboard', labelKey: 'nav.claimDashboard', icon: <BarChartOutlined />, permission: 'claim:read', element: lazy(() => import('./modules/claim/ClaimDashboardPage')) },
      { path: '/claims/:id', labelKey: 'nav.claimDetail', permission: 'claim:read', hideInMenu: true, element: lazy(() => import('./modules/claim/ClaimDetailPage')) },
      { path: '/claim-tasks', labelKey: 'nav.claimTasks', icon: <CameraOutlined />, permission: 'claim:read', element: lazy(() => import('./modules/claim/ClaimTasksPage')) },
      { path: '/claim-tasks/:id', labelKey: 'nav.claimTask', permission: 'claim:read', hideInMenu: true, element: lazy(() => import('./modules/claim/ClaimTaskPage')) },
      { path: '/claim-approvals', labelKey: 'nav.claimApprovals', icon: <CheckSquareOutlined />, permission: 'claim:approve', element: lazy(() => import('./modules/claim/ClaimApprovalsPage')) },
      { path: '/claim-payments', labelKey: 'nav.claimPayments', icon: <AccountBookOutlined />, permission: 'claim:pay', element: lazy(() => import('./modules/claim/ClaimPaymentsPage')) },
      { path: '/claim-reviews', labelKey: 'nav.claimReviews', icon: <AuditOutlined />, permission: 'claim:review', element: lazy(() => import('./modules/claim/ClaimReviewsPage')) },
      { path: '/claim-settings', labelKey: 'nav.claimSettings', icon: <ControlOutlined />, permission: 'claim:configure', element: lazy(() => import('./modules/claim/ClaimSettingsPage')) },
    ],
  },
  {
    path: '/system',
    labelKey: 'nav.system',
    icon: <SettingOutlined />,
    children: [
      {
        path: '/system/orgs',
        labelKey: 'nav.orgs',
        icon: <ApartmentOutlined />,
        permission: 'org:read',
        element: lazy(() => import('./modules/system/orgs/OrgsPage')),
      },
      {
        path: '/system/users',
        labelKey: 'nav.users',
        icon: <TeamOutlined />,
        permission: 'user:read',
        element: lazy(() => import('./modules/system/users/UsersPage')),
      },
      {
        path: '/system/roles',
        labelKey: 'nav.roles',
        icon: <SafetyCertificateOutlined />,
        permission: 'role:read',
        element: lazy(() => import('./modules/system/roles/RolesPage')),
      },
      {
        path: '/system/sessions',
        labelKey: 'nav.sessions',
        icon: <DesktopOutlined />,
        permission: 'session:read',
        element: lazy(() => import('./modules/system/sessions/SessionsPage')),
      },
      {
        path: '/system/audit',
        labelKey: 'nav.audit',
        icon: <AuditOutlined />,
        permission: 'audit:read',
        element: lazy(() => import('./modules/system/audit/AuditPage')),
      },
    ],
  },
  {
    path: '/rating',
    labelKey: 'nav.rating',
    icon: <CalculatorOutlined />,
    children: [
      {
        path: '/rating/ctpl',
        labelKey: 'nav.ratingCtpl',
        icon: <CarOutlined />,
        permission: 'rating:quote',
        element: lazy(() => import('./modules/rating/CtplQuotePage')),
      },
      {
        path: '/rating/commercial',
        labelKey: 'nav.ratingCommercial',
        icon: <InsuranceOutlined />,
        permission: 'rating:quote',
        element: lazy(() => import('./modules/rating/CommercialQuotePage')),
      },
      {
        path: '/rating/life',
        labelKey: 'nav.ratingLife',
        icon: <HeartOutlined />,
        permission: 'actuarial:read',
        element: lazy(() => import('./modules/rating/LifeQuotePage')),
      },
      {
        // rating:configure opens the page; its 生命表 part shows for actuarial:write.
        path: '/rating/tables',
        labelKey: 'nav.ratingTables',
        icon: <TableOutlined />,
        permission: 'rating:configure',
        element: lazy(() => import('./modules/rating/RateTablesPage')),
      },
    ],
  },
  {
    path: '/tools/id-check',
    labelKey: 'nav.idCheck',
    icon: <IdcardOutlined />,
    element: lazy(() => import('./modules/rating/IdCheckPage')),
  },
  {
    path: '/profile',
    labelKey: 'nav.profile',
    hideInMenu: true,
    element: lazy(() => import('./modules/profile/ProfilePage')),
  },
];

/** Every page (leaf) of the table, groups flattened away. */
export function pageRoutes(routes: AppRoute[] = appRoutes): AppRoute[] {
  return routes.flatMap((route) => (route.children ? pageRoutes(route.children) : route.element ? [route] : []));
}

/** The page whose path matches `pathname` (exactly, or a pattern such as /parties/:id), with the chain of groups above it. */
export function findRouteTrail(pathname: string, routes: AppRoute[] = appRoutes, trail: AppRoute[] = []): AppRoute[] {
  for (const route of routes) {
    if (route.children) {
      const found = findRouteTrail(pathname, route.children, [...trail, route]);
      if (found.length) return found;
    } else if (route.path === pathname || (route.path.includes('/:') && matchPath(route.path, pathname))) {
      return [...trail, route];
    }
  }
  return [];
}

/**
 * The menu entry to highlight for a path: the page itself, or for a page kept out of the menu
 * (a detail, new or edit page such as /parties/123) the menu page whose path is its longest prefix.
 */
export function menuKeyFor(pathname: string, routes: AppRoute[] = appRoutes): string {
  let best = pathname;
  let bestLength = 0;
  for (const route of pageRoutes(routes)) {
    if (route.hideInMenu || route.path.includes('/:')) continue;
    const covers = pathname === route.path || (route.path !== '/' && pathname.startsWith(`${route.path}/`));
    if (covers && route.path.length > bestLength) {
      best = route.path;
      bestLength = route.path.length;
    }
  }
  return best;
}

type MenuItem = Required<MenuProps>['items'][number];

/** Side-menu items for the routes the user may open; empty groups disappear. */
export function buildMenuItems(me: Me | undefined, t: Translate, routes: AppRoute[] = appRoutes): MenuItem[] {
  const items: MenuItem[] = [];
  for (const route of routes) {
    if (route.hideInMenu || !hasPermission(me, route.permission)) continue;
    if (route.children) {
      const children = buildMenuItems(me, t, route.children);
      if (children.length) items.push({ key: route.path, icon: route.icon, label: t(route.labelKey), children });
    } else {
      items.push({ key: route.path, icon: route.icon, label: t(route.labelKey) });
    }
  }
  return items;
}

/** Renders a page if the user holds its permission, else the 403 page (for typed-in URLs). */
export function RouteGuard({ route }: { route: AppRoute }) {
  const { data: me } = useMe();
  if (!hasPermission(me, route.permission)) return <ForbiddenResult />;
  const Page = route.element;
  if (!Page) return null;
  return (
    <Suspense fallback={<PageLoading />}>
      <Page />
    </Suspense>
  );
}
